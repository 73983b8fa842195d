import ICAL from 'ical.js';
import nodeIcal, { type VCalendar, type VEvent } from 'node-ical';
import { expect } from 'vitest';

/** What a calendar client reads from one VEVENT, as each parser reports it. */
export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  sequence: number;
  dtstamp: string;
  lastModified: string;
  start: string;
}

/**
 * RFC 5545 checked octet by octet, independently of any parser: every line ends with CRLF (the last
 * one too, §3.1), no line is longer than 75 octets and no fold splits a UTF-8 character (§3.1), no
 * control character other than HTAB survives (§3.3.11), the calendar properties come before the
 * components, and there is at least one component (§3.4: `component = 1*(…)`). Returns the unfolded
 * content lines.
 */
export function expectRfc5545(body: string): string[] {
  expect(body.endsWith('\r\n'), 'the last line ends with CRLF').toBe(true);
  const bytes = Buffer.from(body, 'utf8');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const physical: string[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
    const line = bytes.subarray(from, i);
    expect(line.length, `line ${physical.length + 1} is at most 75 octets`).toBeLessThanOrEqual(75);
    physical.push(decoder.decode(line)); // throws if a fold split a character
    from = i + 2;
  }
  expect(from, 'nothing after the last CRLF').toBe(bytes.length);
  for (const line of physical)
    expect(line, 'no bare CR or LF, no control characters').not.toMatch(/[\0-\x08\n-\x1f\x7f]/);
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const firstComponent = lines.findIndex((l, i) => i > 0 && l.startsWith('BEGIN:'));
  expect(firstComponent, 'at least one component').toBeGreaterThan(0);
  const calprops = lines.slice(1, firstComponent);
  expect(calprops.filter((l) => l === 'VERSION:2.0')).toHaveLength(1);
  expect(calprops.filter((l) => l.startsWith('PRODID:'))).toHaveLength(1);
  const afterComponents = lines.slice(lines.findLastIndex((l) => l.startsWith('END:') && l !== 'END:VCALENDAR') + 1);
  expect(afterComponents, 'no calendar property after the components').toEqual(['END:VCALENDAR']);
  for (const l of lines.filter((x) => x.startsWith('DTSTAMP'))) expect(l).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  return lines;
}

const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The feed as ical.js (Mozilla's parser, used by Thunderbird) reads it. */
export function parseWithIcalJs(body: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(body));
  expect(calendar.name).toBe('vcalendar');
  const time = (e: ICAL.Component, name: string) => utc((e.getFirstPropertyValue(name) as ICAL.Time).toJSDate());
  const events = calendar.getAllSubcomponents('vevent').map((e) => ({
    uid: String(e.getFirstPropertyValue('uid')),
    summary: String(e.getFirstPropertyValue('summary')),
    description: String(e.getFirstPropertyValue('description')),
    sequence: Number(e.getFirstPropertyValue('sequence')),
    dtstamp: time(e, 'dtstamp'),
    lastModified: time(e, 'last-modified'),
    start: (e.getFirstPropertyValue('dtstart') as ICAL.Time).toString(),
  }));
  return { calendar, events };
}

/** The feed as node-ical (an independent parser, used by many Node calendar tools) reads it. */
export function parseWithNodeIcal(body: string): { calendar: VCalendar; events: ParsedEvent[] } {
  const parsed = nodeIcal.sync.parseICS(body);
  const components = Object.values(parsed).filter((c) => c !== undefined);
  const calendar = components.find((c): c is VCalendar => c.type === 'VCALENDAR')!;
  expect(calendar).toBeDefined();
  const date = (d: Date) => d.toISOString().slice(0, 10);
  const events = components
    .filter((c): c is VEvent => c.type === 'VEVENT')
    .map((e) => ({
      uid: e.uid,
      summary: String(e.summary),
      description: String(e.description),
      sequence: Number(e.sequence),
      dtstamp: utc(e.dtstamp),
      lastModified: utc(e.lastmodified!),
      start: date(e.start),
    }));
  return { calendar, events };
}

/** Checks the body against RFC 5545 and both parsers, which must agree; returns the events. */
export function readFeed(body: string): ParsedEvent[] {
  expectRfc5545(body);
  const a = parseWithIcalJs(body).events;
  const b = parseWithNodeIcal(body).events;
  const byUid = (x: ParsedEvent, y: ParsedEvent) => x.uid.localeCompare(y.uid);
  expect(b.sort(byUid)).toEqual(a.sort(byUid));
  return a;
}
