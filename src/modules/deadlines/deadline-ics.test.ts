import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../../test/support/icalendar.ts';
import { deadlinesCalendar, icsText } from './deadline-ics.ts';

// Any text at all: every Unicode plane, lone surrogates, control characters, and the characters
// RFC 5545 escapes, often enough that folds land on and between them.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(';', ',', '\\', '\n', '\r', '\t', ':', '"', 'ŵ', '✓', '🔐', '\u0007', '\ud800'),
    maxLength: 200,
  }),
);

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
        const [event] = readFeed(body);
        // Line breaks of any kind are one escaped \n (§3.3.11), which parsers give back as LF.
        const expected = (s: string) => icsText(s).replace(/\r\n|\r|\n/g, '\n');
        expect(event).toMatchObject({
          summary: expected(summary),
          description: expected(description),
          sequence: revision,
          dtstamp: '2026-12-01T10:30:00Z',
        });
      }),
      { numRuns: 300 },
    );
  });
});
