import fs from 'node:fs';
import type { Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import {
  BankHolidaysFormatError,
  DEFAULT_DIVISION,
  DIVISION_LABELS,
  DIVISIONS,
  formatLong,
  isDivision,
  MAX_BANK_HOLIDAYS_BYTES,
  MAX_YEAR,
  MIN_YEAR,
  parseCivilDate,
  yearOf,
  type Division,
  type Holiday,
  type HolidayChange,
} from '../../platform/calendar/index.ts';
import { systemActor, ValidationError } from '../../platform/kernel/index.ts';
import { MAX_WORKING_DAYS } from './calendar.schemas.ts';

const cli = systemActor('cli');
const DIVISION_HELP = `${DIVISIONS.join(', ')} (default ${DEFAULT_DIVISION}, the contractual clock)`;
const FETCH_TIMEOUT_MS = 30_000;

// Bad arguments are ValidationErrors: runCli prints the message and exits with code 2.
const dateArg = (value: string, name: string) => parseCivilDate(value, name, name);
function divisionOpt(value: string | undefined): Division {
  if (value === undefined) return DEFAULT_DIVISION;
  if (!isDivision(value))
    throw new ValidationError({
      division: `--division must be one of ${DIVISIONS.join(', ')} (not "${value.slice(0, 40)}")`,
    });
  return value;
}
function countArg(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_WORKING_DAYS)
    throw new ValidationError({
      n: `N must be a whole number of Working Days from 0 to ${MAX_WORKING_DAYS} (not "${value.slice(0, 40)}")`,
    });
  return Number(value);
}
function yearOpt(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{4}$/.test(value) || Number(value) < MIN_YEAR || Number(value) > MAX_YEAR)
    throw new ValidationError({
      year: `--year must be a year from ${MIN_YEAR} to ${MAX_YEAR} (not "${value.slice(0, 40)}")`,
    });
  return Number(value);
}

const holidayJson = (h: Holiday) => ({
  date: h.date,
  title: h.title,
  substitute: h.substitute,
  source: h.source,
  provisional: h.provisional,
});
const changeText = (c: HolidayChange) =>
  `  ${c.change.padEnd(8)} ${c.division.padEnd(18)} ${c.date}  ${(c.after ?? c.before)?.title ?? ''}`;

/** Reads bank-holiday data from a file or an http(s) URL; failures are clear messages, not stack traces. */
async function readSource(opts: {
  file?: string;
  url?: string;
}): Promise<{ text: string; source: string; label: string }> {
  if (Boolean(opts.file) === Boolean(opts.url))
    throw new ValidationError({ source: 'Give either --file FILE or --url URL' });
  if (opts.file) {
    let size: number;
    try {
      size = fs.statSync(opts.file).size;
    } catch (err) {
      throw new ValidationError({
        file: `Cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}`,
      });
    }
    if (size > MAX_BANK_HOLIDAYS_BYTES)
      throw new ValidationError({
        file: `${opts.file} is larger than ${MAX_BANK_HOLIDAYS_BYTES / 1_000_000} MB: it is not bank-holidays.json`,
      });
    try {
      return { text: fs.readFileSync(opts.file, 'utf8'), source: `file ${opts.file}`, label: opts.file };
    } catch (err) {
      throw new ValidationError({ file: `Cannot read ${opts.file}: ${(err as Error).message}` });
    }
  }
  let url: URL;
  try {
    url = new URL(opts.url!);
  } catch {
    throw new ValidationError({
      url: `--url must be an http or https address, like https://www.gov.uk/bank-holidays.json (not "${opts.url!.slice(0, 80)}")`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ValidationError({
      url: '--url must be an http or https address, like https://www.gov.uk/bank-holidays.json',
    });
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (err) {
    throw new Error(
      `Could not fetch ${url.href}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`,
      { cause: err },
    );
  }
  if (!res.ok) throw new Error(`${url.href} answered ${res.status} ${res.statusText}`.trim());
  if (Number(res.headers.get('content-length') ?? 0) > MAX_BANK_HOLIDAYS_BYTES)
    throw new Error(
      `${url.href} sent more than ${MAX_BANK_HOLIDAYS_BYTES / 1_000_000} MB: it is not bank-holidays.json`,
    );
  return { text: await res.text(), source: url.href, label: url.href };
}

/**
 * `custodian calendar …`: Working-Day arithmetic, bank holidays, and loading newer GOV.UK data.
 * The answer is on the first line and the explanation on the second; `--json` prints one JSON object.
 * Exit codes: 0 answered, 1 something failed, 2 bad arguments or bad data.
 */
export function calendarCli(program: Command, ctx: ModuleCliContext<'calendar'>): void {
  const { io } = ctx;
  const calendar = program.command('calendar').description('UK Working Days and bank holidays');
  const json = (v: unknown) => io.out(`${JSON.stringify(v, null, 2)}\n`);
  const open = async () => (await ctx.services()).calendar;

  calendar
    .command('add')
    .argument('<date>', 'the date the clock starts from (YYYY-MM-DD); it is not counted')
    .argument('<n>', 'the number of Working Days')
    .option('--division <division>', DIVISION_HELP)
    .option('--json', 'print JSON')
    .description('the Nth Working Day after DATE: "within N Working Days after DATE"')
    .action(async (date: string, n: string, opts: { division?: string; json?: boolean }) => {
      const [from, count, division] = [dateArg(date, 'DATE'), countArg(n), divisionOpt(opts.division)];
      const cal = await (await open()).current();
      const d = cal.workingDayDeadline({ from, workingDays: count, division });
      if (opts.json)
        return json({
          date: from,
          workingDays: count,
          division,
          dueDate: d.dueDate,
          dueAt: d.dueAt,
          explanation: d.explanation,
          provisional: d.provisional,
          calendarVersion: d.calendarVersion,
          skipped: d.skipped.map(holidayJson),
        });
      io.out(`${d.dueDate}\n${d.explanation}\n`);
    });

  calendar
    .command('between')
    .argument('<date1>', 'the first date (YYYY-MM-DD); it is not counted')
    .argument('<date2>', 'the second date (YYYY-MM-DD); it is counted')
    .option('--division <division>', DIVISION_HELP)
    .option('--json', 'print JSON')
    .description('Working Days after DATE1 up to and including DATE2 (negative when DATE2 is earlier)')
    .action(async (date1: string, date2: string, opts: { division?: string; json?: boolean }) => {
      const [from, to, division] = [dateArg(date1, 'DATE1'), dateArg(date2, 'DATE2'), divisionOpt(opts.division)];
      const cal = await (await open()).current();
      const c = cal.countWorkingDays(from, to, division);
      if (opts.json)
        return json({
          from,
          to,
          division,
          count: c.count,
          explanation: c.explanation,
          provisional: c.provisional,
          calendarVersion: cal.version,
          skipped: c.skipped.map(holidayJson),
        });
      io.out(`${c.count}\n${c.explanation}\n`);
    });

  calendar
    .command('is-working-day')
    .argument('<date>', 'the date (YYYY-MM-DD)')
    .option('--division <division>', DIVISION_HELP)
    .option('--json', 'print JSON')
    .description('whether DATE is a Working Day, and why')
    .action(async (date: string, opts: { division?: string; json?: boolean }) => {
      const [day, division] = [dateArg(date, 'DATE'), divisionOpt(opts.division)];
      const cal = await (await open()).current();
      const c = cal.checkDay(day, division);
      if (opts.json)
        return json({
          date: day,
          division,
          workingDay: c.workingDay,
          holiday: c.holiday ? holidayJson(c.holiday) : null,
          explanation: c.explanation,
          provisional: c.provisional,
          calendarVersion: cal.version,
        });
      io.out(`${c.workingDay ? 'yes' : 'no'}\n${c.explanation}\n`);
    });

  calendar
    .command('holidays')
    .option('--year <year>', 'the year (default: this year)')
    .option('--division <division>', DIVISION_HELP)
    .option('--json', 'print JSON')
    .description('list the bank holidays of a year')
    .action(async (opts: { year?: string; division?: string; json?: boolean }) => {
      const division = divisionOpt(opts.division);
      const service = await open();
      const year = yearOpt(opts.year, yearOf(service.today()));
      const cal = await service.current();
      const list = cal.holidaysInYear(year, division);
      const provisional = cal.isProvisionalYear(year, division);
      if (opts.json)
        return json({ year, division, provisional, calendarVersion: cal.version, holidays: list.map(holidayJson) });
      io.out(
        `Bank holidays in ${DIVISION_LABELS[division]}, ${year} (calendar version ${cal.version}${provisional ? '; provisional: computed by rule, not yet published by GOV.UK' : ''})\n`,
      );
      for (const h of list)
        io.out(
          `${h.date}  ${formatLong(h.date).padEnd(15)}  ${h.title}${h.substitute ? ' (substitute day)' : ''}${h.source === 'proclamation' ? ' (one-off holiday)' : ''}\n`,
        );
    });

  calendar
    .command('update')
    .option('--file <file>', 'a copy of https://www.gov.uk/bank-holidays.json')
    .option('--url <url>', 'where to fetch it, e.g. https://www.gov.uk/bank-holidays.json')
    .description('load newer GOV.UK bank-holiday data: each year it lists replaces that year')
    .action(async (opts: { file?: string; url?: string }) => {
      const { text, source, label } = await readSource(opts);
      const service = await open();
      try {
        const result = await service.importGovUk(text, cli, { source });
        if (!result.changed)
          return io.out(`Nothing changed: calendar version ${result.version} already has these bank holidays.\n`);
        io.out(`Calendar version ${result.version}: ${result.summary}\n`);
        for (const c of result.changes.slice(0, 200)) io.out(`${changeText(c)}\n`);
        if (result.changes.length > 200) io.out(`  … and ${result.changes.length - 200} more\n`);
      } catch (err) {
        if (!(err instanceof BankHolidaysFormatError)) throw err;
        io.err(
          `${label} is not GOV.UK bank holiday data:\n${err.problems
            .slice(0, 20)
            .map((p) => `  ${p}`)
            .join('\n')}\n${err.problems.length > 20 ? `  … and ${err.problems.length - 20} more problems\n` : ''}`,
        );
        throw Object.assign(new Error(''), { exitCode: 2, quiet: true });
      }
    });
}
