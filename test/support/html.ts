/** Small readers for the HTML the app renders, so tests assert on what a person sees. They parse it with cheerio. */
import * as cheerio from 'cheerio';

/** The page parsed, for selectors a helper here does not cover. */
export const parse = (html: string) => cheerio.load(html);

/** Text with HTML entities decoded (`&amp;` → `&`), as a browser shows it. */
export const decode = (s: string) => cheerio.load(s, null, false).text();

/** All the text on the page, each element's separated by a space and runs of white space made one. */
export function pageText(html: string): string {
  const $ = cheerio.load(html);
  $('*').each((_, el) => void $(el).prepend(' ').append(' '));
  return $.root().text().replace(/\s+/g, ' ');
}

/** The messages in the GOV.UK error summary, in order. */
export function errorSummary(html: string): string[] {
  const $ = cheerio.load(html);
  return $('.govuk-error-summary__list')
    .first()
    .find('a')
    .toArray()
    .map((a) => $(a).text().trim());
}

/** The value attribute of the (first) input named `name`, or undefined. */
export function inputValue(html: string, name: string): string | undefined {
  return cheerio
    .load(html)(`input[name="${cssString(name)}"]`)
    .first()
    .attr('value');
}

/** The text of the element with this id (tags stripped), or undefined if there is none. */
export function textOf(html: string, id: string): string | undefined {
  const el = cheerio
    .load(html)(`[id="${cssString(id)}"]`)
    .first();
  return el.length ? el.text().trim() : undefined;
}

/** The success banner's text after a Post/Redirect/Get. */
export function flashText(html: string): string | undefined {
  const $ = cheerio.load(html);
  const heading = $('.govuk-notification-banner__heading').first();
  const el = heading.length ? heading : $('.govuk-notification-banner__content').first();
  return el.length ? el.text().trim() : undefined;
}

/** The page's <h1> text. */
export const heading = (html: string) => cheerio.load(html)('h1').first().text().trim();

const cssString = (s: string) => s.replace(/["\\]/g, '\\$&');

/** The text of the value beside `key` in a GOV.UK summary list (the <dd> after the <dt>), or undefined. */
export function summaryValue(html: string, key: string): string | undefined {
  const $ = cheerio.load(html);
  const dt = $('dt')
    .filter((_, el) => $(el).text().trim() === key)
    .first();
  const dd = dt.nextAll('dd').first();
  return dd.length ? dd.text().trim() : undefined;
}
