import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectRfc5545, parseWithIcalJs, parseWithNodeIcal } from '../../../test/support/icalendar.ts';
import { deadlinesCalendar, icsText } from './deadline-ics.ts';

// Any text at all: every Unicode plane, lone surrogates, control characters, and the characters
// RFC 5545 escapes, often enough that folds land on and between them.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(';', ',', '\\', 'n', '\n', '\r', '\t', ':', '"', 'ŵ', '✓', '🔐', '\u0007', '\ud800'),
    maxLength: 200,
  }),
);

/**
 * Where node-ical 0.27 itself reads valid text wrongly (ical.js reads it right, and the test holds
 * it to every case): it strips quotes around a whole one-line value, though §3.3.11 allows DQUOTE in
 * text, and it unescapes `\n` before `\\`, so a backslash followed by n (`\\n` on the wire) comes back
 * as a line break.
 */
const nodeIcalMisreads = (s: string) => /^".*"$/.test(icsText(s)) || /\\[nN]/.test(s);

describe('the iCalendar writer, for any text', () => {
  it('writes lines RFC 5545 accepts, and both parsers read back the text exactly (control characters as U+FFFD)', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.nat({ max: 1000 }), (summary, description, revision) => {
        const body = deadlinesCalendar([
          {
            uid: 'x@custodian',
            date: '2026-12-30',
            summary,
            description,
            url: 'https://custodian.example/contracts/1/deadlines',
            createdAt: '2026-11-30T09:00:00.000Z',
            updatedAt: '2026-12-01T10:30:00.000Z',
            revision,
          },
        ]);
        expectRfc5545(body);
        // Line breaks of any kind are one escaped \n (§3.3.11), which parsers give back as LF.
        const expected = (s: string) => icsText(s).replace(/\r\n|\r|\n/g, '\n');
        const [event] = parseWithIcalJs(body).events;
        expect(event).toMatchObject({
          summary: expected(summary),
          description: expected(description),
          sequence: revision,
          dtstamp: '2026-12-01T10:30:00Z',
        });
        const [other] = parseWithNodeIcal(body).events;
        expect(other).toMatchObject({ sequence: revision, dtstamp: '2026-12-01T10:30:00Z' });
        if (!nodeIcalMisreads(summary)) expect(other!.summary).toBe(expected(summary));
        if (!nodeIcalMisreads(description)) expect(other!.description).toBe(expected(description));
      }),
      { numRuns: 300 },
    );
  });
});
