/**
 * A minimal browser over fetch for seeding benchmarks through the real pages: keeps cookies, reads
 * the CSRF token from the last page, posts url-encoded forms, and never follows redirects itself.
 */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(
    path: string,
    init: RequestInit,
  ): Promise<{ status: number; location: string | null; body: string }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get('location'), body };
  }

  get(path: string) {
    return this.send(path, { method: 'GET' });
  }

  post(path: string, form: Record<string, string>) {
    const body = new URLSearchParams({ ...form, _csrf: this.csrf }).toString();
    return this.send(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}
