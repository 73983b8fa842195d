import ical, { ICalEventStatus } from 'ical-generator';

/** One all-day event of the feed, its text already worded. */
export interface FeedEvent {
  uid: string;
  /** The civil date it is due, YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  url: string;
  createdAt: string;
  /** When the deadline last changed: DTSTAMP and LAST-MODIFIED. */
  updatedAt: string;
  /** Counts its changes: SEQUENCE. */
  revision: number;
}

// UK time as RFC 5545 writes it (the rules in force since 1996). It is the component that keeps a
// feed with no deadlines a valid calendar (§3.4: a VCALENDAR holds at least one component), and it
// tells a calendar app which zone "the end of the day" in the descriptions means.
const UK_TIME = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZNAME:BST',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZNAME:GMT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text iCalendar can carry (§3.3.11 allows no control character but HTAB and the escaped line
 * break; UTF-8 has no lone surrogate): anything else is shown as U+FFFD rather than dropped.
 */
export const icsText = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '\uFFFD');

/**
 * The feed as RFC 5545 text. ical-generator escapes text (§3.3.11) and folds lines at 75 octets
 * without splitting a character (§3.1); this adds what it leaves out: the UK time zone component
 * and the CRLF that ends the last line. No METHOD: DTSTAMP then says when the event last changed
 * (§3.8.7.2), not when the feed was fetched, so an unchanged feed is byte for byte the same.
 */
export function deadlinesCalendar(events: readonly FeedEvent[]): string {
  const cal = ical({
    name: 'Custodian deadlines',
    prodId: { company: 'Custodian', product: 'deadlines', language: 'EN' },
    scale: 'gregorian',
  });
  for (const e of events) {
    cal.createEvent({
      id: e.uid,
      // All-day on the due date: noon UTC is that same civil date in London, whatever the season.
      start: new Date(`${e.date}T12:00:00Z`),
      allDay: true,
      stamp: new Date(e.updatedAt),
      lastModified: new Date(e.updatedAt),
      created: new Date(e.createdAt),
      sequence: e.revision,
      summary: icsText(e.summary),
      description: icsText(e.description),
      url: e.url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  const text = cal.toString();
  if (!text.endsWith('\r\nEND:VCALENDAR')) throw new Error('ical-generator no longer ends the calendar as expected');
  return `${text.slice(0, -'END:VCALENDAR'.length)}${UK_TIME}\r\nEND:VCALENDAR\r\n`;
}
