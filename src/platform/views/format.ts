const LONDON = 'Europe/London';
// Built once: constructing Intl formatters per call was a measurable share of page rendering.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
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
