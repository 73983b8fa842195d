import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';

/** The one file a form sent, or why there is none to read. */
export interface Upload {
  file?: { fileName: string; mimeType: string; bytes: Buffer };
  /** Set when the file was over the limit or the multipart body could not be read: a message for the form. */
  error?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Filled on multipart requests in a scope that called acceptFileUploads(). */
    upload?: Upload;
  }
}

const holdsNul = (s: string) => s.includes('\u0000');

/**
 * An uploaded file's name as pages may show it: browsers may send a full path (old Edge) or odd
 * characters, so a short, printable base name, or `fallback`.
 */
export const uploadedFileName = (name: string, fallback: string) =>
  path.win32
    .basename(name)
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, 120) || fallback;

/**
 * Lets the routes of this (encapsulated) scope, and only these, take one file in a multipart form.
 * The parts are read in preValidation, before the CSRF check (a preHandler), so the form's `_csrf`
 * field is on `request.body` like any url-encoded form's. Limits are tight: one file of at most
 * `maxFileBytes`, a few short fields. A file over the limit is not an error page but `upload.error`,
 * so the handler can show it on the form; the rest of it is discarded unread by the parser.
 */
export async function acceptFileUploads(
  scope: FastifyInstance,
  opts: { maxFileBytes: number; tooLarge: string },
): Promise<void> {
  await scope.register(multipart, {
    throwFileSizeLimit: false,
    limits: {
      files: 1,
      fileSize: opts.maxFileBytes,
      fields: 10,
      fieldSize: 4096,
      fieldNameSize: 100,
      parts: 12,
      headerPairs: 50,
    },
  });
  scope.addHook('preValidation', async (request: FastifyRequest) => {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    const upload: Upload = {};
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.file.truncated) upload.error = opts.tooLarge;
          // A browser sends an empty, nameless file part when no file was chosen.
          else if (part.filename) upload.file = { fileName: part.filename, mimeType: part.mimetype, bytes };
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
      }
    } catch {
      // Malformed multipart, or more parts than allowed: whatever was read so far stays (the CSRF
      // check still runs on it), and the form says the file could not be read.
      upload.error ??= 'The file could not be read. Choose it again and retry';
      delete upload.file;
    }
    // The app-wide NUL guard ran before these fields existed: apply the same rule to them.
    if (
      Object.entries(fields).some(([k, v]) => holdsNul(k) || holdsNul(v)) ||
      (upload.file && holdsNul(upload.file.fileName))
    ) {
      throw Object.assign(new Error('The request contains a character that is not allowed (NUL)'), { statusCode: 400 });
    }
    request.body = fields;
    request.upload = upload;
  });
}
