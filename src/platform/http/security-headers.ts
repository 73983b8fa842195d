import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * Strict headers on every response. Scripts and styles load only from this origin or with the
 * per-response nonce; no 'unsafe-inline'; no framing. HSTS only when Custodian itself serves TLS
 * (sending it over plain HTTP would be ignored at best and misleading at worst).
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { tls: boolean }): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: opts.tls ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}
