import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inputValue } from './html.ts';

/**
 * A cookie-keeping client over app.inject() that submits forms the way a browser does: it reads the
 * CSRF token from the last page and posts url-encoded bodies. CSRF stays on in tests.
 */
export class BrowserAgent {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    // A page with a form carries the token in a hidden _csrf input.
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) {
      const token = inputValue(res.body, '_csrf');
      if (token) this.csrf = token;
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The CSRF token from the last page with a form (valid for this agent's CSRF cookie). */
  get csrfToken(): string | undefined {
    return this.csrf;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /** Posts a form. Fetches `csrfFrom` first when no token is known yet. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrf?: string | false } = {},
  ): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    const token = opts.csrf === false ? undefined : (opts.csrf ?? this.csrf);
    if (token) params.set('_csrf', token);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /** Follows a redirect response with a GET. */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = res.headers.location;
    if (!location) throw new Error(`expected a redirect, got ${res.statusCode}`);
    return this.get(String(location));
  }
}
