import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type nunjucks from 'nunjucks';
import { ROLE_LABELS } from '../auth/roles.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks page with the layout's locals (nonce, CSRF token, signed-in user). */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
    /** Shows a success message on the next page rendered (after a redirect). */
    flash(message: string): FastifyReply;
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
    app.decorateReply('flash', function flash(this, message: string) {
      return this.setCookie(FLASH_COOKIE, message.slice(0, 300), {
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
          flash: flashed?.valid ? flashed.value : undefined,
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
