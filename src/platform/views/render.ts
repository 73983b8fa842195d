import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type nunjucks from 'nunjucks';
import { ROLE_LABELS } from '../auth/roles.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks page with the layout's locals (nonce, CSRF token, signed-in user). */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
    /**
     * Shows a message on the next page rendered (after a redirect): a green success banner by default,
     * an information banner, or (for an action that failed) an error summary, never a success banner.
     */
    flash(message: string, kind?: FlashKind): FastifyReply;
  }
  interface FastifyRequest {
    /** Locals for the layout (such as the unread notification count), gathered before the handler runs. */
    layoutLocals?: Record<string, unknown>;
  }
  interface FastifyInstance {
    /**
     * Adds to what every page's layout knows. `reply.page()` is synchronous, so providers run in a
     * preHandler hook for every page request (not API, not assets) and `page()` merges what they return.
     */
    addLayoutLocals(provider: LayoutLocalsProvider): void;
  }
}

/** What a flashed message reports: that the action worked, a neutral note, or that it did not work. */
export type FlashKind = 'success' | 'information' | 'problem';
const FLASH_KINDS: readonly FlashKind[] = ['success', 'information', 'problem'];

/** The cookie's text as { kind, text }: the kind travels as a prefix ("problem:…"); no known prefix is a success. */
function readFlash(value: string): { kind: FlashKind; text: string } {
  const colon = value.indexOf(':');
  const kind = FLASH_KINDS.find((k) => k === value.slice(0, colon));
  return kind ? { kind, text: value.slice(colon + 1) } : { kind: 'success', text: value };
}

export type LayoutLocalsProvider = (request: FastifyRequest) => Promise<Record<string, unknown> | undefined>;
// Requests that never render a page: no need to gather layout locals for them.
const NO_LAYOUT = /^\/(api|assets)\/|^\/(healthz|readyz)(\?|$)/;

export const SERVICE_NAME = 'Custodian';
const FLASH_COOKIE = 'custodian_flash';

export const viewsPlugin = fp(
  async (app: FastifyInstance, opts: { env: nunjucks.Environment; secure: boolean }) => {
    const providers: LayoutLocalsProvider[] = [];
    app.decorateRequest('layoutLocals', undefined);
    app.decorate('addLayoutLocals', (provider: LayoutLocalsProvider) => {
      providers.push(provider);
    });
    app.addHook('preHandler', async (request) => {
      if (providers.length === 0 || NO_LAYOUT.test(request.url)) return;
      const locals: Record<string, unknown> = {};
      for (const provide of providers) Object.assign(locals, await provide(request));
      request.layoutLocals = locals;
    });
    app.decorateReply('flash', function flash(this, message: string, kind: FlashKind = 'success') {
      return this.setCookie(FLASH_COOKIE, `${kind}:${message.slice(0, 300)}`, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        signed: true,
        maxAge: 60,
        secure: opts.secure,
      });
    });
    app.decorateReply(
      'page',
      function page(this, template: string, context: Record<string, unknown> = {}, status = 200) {
        const request = this.request;
        const flashCookie = request.cookies[FLASH_COOKIE];
        const flashed = flashCookie ? request.unsignCookie(flashCookie) : undefined;
        if (flashCookie) this.clearCookie(FLASH_COOKIE, { path: '/' });
        const principal = request.principal;
        const user =
          principal && (principal.kind === 'user' || principal.kind === 'pending') ? principal.user : undefined;
        const html = opts.env.render(template, {
          serviceName: SERVICE_NAME,
          cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
          csrfToken: this.generateCsrf(),
          currentPath: request.url.split('?')[0],
          user: principal?.kind === 'user' ? user : undefined,
          pendingUser: principal?.kind === 'pending' ? user : undefined,
          roleLabels: ROLE_LABELS,
          flash: flashed?.valid && flashed.value ? readFlash(flashed.value) : undefined,
          ...request.layoutLocals,
          ...context,
        });
        return this.code(status)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(html);
      },
    );
  },
  { name: 'custodian-views', dependencies: ['@fastify/csrf-protection'] },
);
