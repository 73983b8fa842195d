import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { refuse } from './document-error.ts';

/** Bounds on what an uploaded archive may contain; defaults suit a Word document of a few hundred pages. */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Inflated ÷ compressed; real Office XML stays well under 100 (Apache POI uses the same bound). */
  maxRatio: number;
  /** Below this many inflated bytes the ratio is not checked: tiny parts compress absurdly well. */
  ratioGraceBytes: number;
}

export interface ZipListing {
  zip: ZipFile;
  entries: Entry[];
}

/** Reads the central directory and refuses on counts and declared sizes before anything is inflated. */
export async function listZip(bytes: Buffer, limits: ZipLimits): Promise<ZipListing> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    // Options are explicit: size validation is ours (below), so a lying header gets the right code.
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, autoClose: false, validateEntrySizes: false, strictFileNames: true },
      (err, z) => (err ? reject(refuse.notDocx()) : resolve(z)),
    );
  });
  try {
    return { zip, entries: await checkedEntries(zip, limits) };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function checkedEntries(zip: ZipFile, limits: ZipLimits): Promise<Entry[]> {
  if (zip.entryCount > limits.maxEntries) throw refuse.zipBomb();
  const entries = await new Promise<Entry[]>((resolve, reject) => {
    const seen: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      seen.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(seen));
    zip.on('error', () => reject(refuse.unreadable()));
    zip.readEntry();
  });
  let declaredTotal = 0;
  const names = new Set<string>();
  for (const entry of entries) {
    // Two entries with one name are how archive-smuggling tricks start; no real document has them.
    if (names.has(entry.fileName)) throw refuse.unreadable();
    names.add(entry.fileName);
    declaredTotal += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.maxEntryBytes || declaredTotal > limits.maxTotalBytes) throw refuse.zipBomb();
    if (tooCompressed(entry.uncompressedSize, entry.compressedSize, limits)) throw refuse.zipBomb();
  }
  return entries;
}

/**
 * Inflates the chosen entries, counting the bytes that really come out rather than trusting the
 * headers: an entry stops as soon as it passes its declared size, the per-entry cap, the total cap
 * or the ratio bound.
 */
export async function inflateEntries(
  listing: ZipListing,
  chosen: Entry[],
  limits: ZipLimits,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const entry of chosen) {
    const data = await inflateOne(listing.zip, entry, limits, (n) => {
      total += n;
      return total <= limits.maxTotalBytes;
    });
    files.set(entry.fileName, data);
  }
  return files;
}

function inflateOne(
  zip: ZipFile,
  entry: Entry,
  limits: ZipLimits,
  addToTotal: (n: number) => boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, stream: Readable) => {
      if (err) return reject(refuse.unreadable());
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        stream.destroy();
        reject(error);
      };
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        const within =
          size <= entry.uncompressedSize &&
          size <= limits.maxEntryBytes &&
          !tooCompressed(size, entry.compressedSize, limits);
        if (!addToTotal(chunk.length) || !within) return fail(refuse.zipBomb());
        chunks.push(chunk);
      });
      stream.on('error', () => fail(refuse.unreadable()));
      stream.on('end', () => {
        if (failed) return;
        // Fewer bytes than declared is damage, not an attack.
        if (size !== entry.uncompressedSize) return fail(refuse.unreadable());
        resolve(Buffer.concat(chunks, size));
      });
    };
    // yauzl refuses some entries (encrypted, unknown compression) by throwing rather than calling back.
    try {
      zip.openReadStream(entry, opened);
    } catch {
      reject(refuse.unreadable());
    }
  });
}

function tooCompressed(inflated: number, compressed: number, limits: ZipLimits): boolean {
  return inflated > limits.ratioGraceBytes && inflated > Math.max(compressed, 1) * limits.maxRatio;
}
