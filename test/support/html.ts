/** Small readers for the HTML the app renders, so tests assert on what a person sees. */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" };
export const decode = (s: string) => s.replace(/&(#?\w+);/g, (m, e: string) => ENTITIES[e] ?? m);

/** The messages in the GOV.UK error summary, in order. */
export function errorSummary(html: string): string[] {
  const list = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a[^>]*>([\s\S]*?)<\/a>/g)].map((m) => decode(m[1]!.trim()));
}

/** The value attribute of the input named `name`, or undefined. */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bname="${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
  return value === undefined ? undefined : decode(value);
}

/** The text of the element with this id (tags stripped). */
export function textOf(html: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)<`).exec(html);
  return m ? decode(m[1]!.trim()) : undefined;
}

/** The success banner's text after a Post/Redirect/Get. */
export function flashText(html: string): string | undefined {
  const m =
    /govuk-notification-banner__heading">([\s\S]*?)<\/(?:h3|p)>/.exec(html) ??
    /govuk-notification-banner__content">([\s\S]*?)<\/div>/.exec(html);
  return m ? decode(m[1]!.replace(/<[^>]+>/g, '').trim()) : undefined;
}

/** The page's <h1> text. */
export const heading = (html: string) =>
  decode(
    /<h1[^>]*>([\s\S]*?)<\/h1>/
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim() ?? '',
  );
