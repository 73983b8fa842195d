import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { GOVUK_DIST } from '../views/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOTS = [
  path.resolve(here, '../../../.build/assets'),
  path.resolve(here, '../views/public'),
  path.join(GOVUK_DIST, 'govuk'), // govuk-frontend.min.js
  path.join(GOVUK_DIST, 'govuk/assets'), // images, manifest.json
];
const SAFE_NAME = /^[a-zA-Z0-9_\-/.]+$/;

/** Static files under /assets from a fixed list of folders; nothing else on disk is reachable. */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: ROOTS[0]!, serve: false });
  app.get('/assets/*', { config: { permission: 'public' } }, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    if (!SAFE_NAME.test(name) || name.includes('..') || name.endsWith('.map')) return reply.callNotFound();
    for (const root of ROOTS) {
      const file = path.join(root, name);
      if (file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return reply.header('cache-control', 'public, max-age=3600').sendFile(name, root);
      }
    }
    return reply.callNotFound();
  });
}
