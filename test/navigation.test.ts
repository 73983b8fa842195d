import { describe, expect, it } from 'vitest';
import { anAdmin } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { heading, parse } from './support/html.ts';
import { useTestApp } from './support/test-app.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`the main menu (${dialect})`, () => {
    const app = useTestApp(dialect);

    it('names each page as the page names itself, so "Working Days" and "Calendar" are never side by side unexplained', async () => {
      const { agent } = await anAdmin(app());
      const $ = parse((await agent.get('/contracts')).body);
      const links = $('nav[aria-label="Main menu"] a')
        .map((_, a) => ({ text: $(a).text().replace(/\s+/g, ' ').trim(), href: $(a).attr('href')! }))
        .get();
      const texts = links.map((l) => l.text);
      expect(texts).not.toContain('Calendar');
      expect(texts).not.toContain('Working Days');
      // The two calendar pages: the calculator anyone uses, and the bank holidays an administrator keeps.
      for (const href of ['/calendar', '/admin/calendar']) {
        const link = links.find((l) => l.href === href);
        expect(link, href).toBeDefined();
        expect(heading((await agent.get(href)).body)).toBe(link!.text);
      }
      expect(new Set(texts).size).toBe(texts.length);
    });
  });
}
