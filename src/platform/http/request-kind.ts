import type { FastifyRequest } from 'fastify';

/** API requests get JSON errors and bearer authentication; everything else is a web page. */
export const isApiRequest = (request: FastifyRequest): boolean => request.url.startsWith('/api/');
