const LONDON = 'Europe/London';
// Built once: constructing Intl formatters per call was a measurable share of page rendering.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const CLOCK = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: LONDON,
});
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: LONDON });

/** "30 November 2026" for a civil date (YYYY-MM-DD) or a timestamp, in UK time. */
export function formatDate(value: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return DATE.format(d);
}

/** "30 November 2026 at 09:05" in UK time. */
export function formatDateTime(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${DATE.format(d)} at ${TIME.format(d)}`;
}

/**
 * "30 December 2026 at 2:05pm (UK time)": a moment for people to read where no page says which clock
 * it is on (exports, emails), in GOV.UK style (9am, 2:05pm, midday, midnight). A calendar date
 * (YYYY-MM-DD) is given as a date. Machine-readable fields keep the ISO-8601 UTC form.
 */
export function formatUkTimeInWords(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = CLOCK.formatToParts(d);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(part('hour'));
  const minute = part('minute');
  const pm = /pm/i.test(part('dayPeriod'));
  const clock =
    minute === '00' && hour === 12
      ? pm
        ? 'midday'
        : 'midnight'
      : `${hour}${minute === '00' ? '' : `:${minute}`}${pm ? 'pm' : 'am'}`;
  return `${DATE.format(d)} at ${clock} (UK time)`;
}
