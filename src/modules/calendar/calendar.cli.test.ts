import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/program.ts';
import { SHIPPED_BANK_HOLIDAYS, type BankHolidaysData } from '../../platform/calendar/index.ts';

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, createCliContext(env), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('custodian calendar (CLI, SQLite file)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-calendar-cli-'));
  const env = { CUSTODIAN_DATA_DIR: dir };
  let server: http.Server;
  let base = '';
  const newer = structuredClone(SHIPPED_BANK_HOLIDAYS) as BankHolidaysData;
  for (const d of ['england-and-wales', 'scotland', 'northern-ireland'] as const)
    newer[d].events.push({ title: 'Extra bank holiday', date: '2026-12-29', notes: '', bunting: true });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/bank-holidays.json')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(newer));
      if (req.url === '/not-json')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Bank holidays</html>');
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Commands do not migrate as a side effect: the database is migrated once, as an operator would.
    expect((await run(['db', 'migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds Working Days: the date on the first line, the explanation on the second', async () => {
    expect(await run(['calendar', 'add', '2026-11-30', '20'], env)).toEqual({
      code: 0,
      out: '2026-12-30\nDue Wed 30 Dec 2026: 20 Working Days after Mon 30 Nov 2026, skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)\n',
      err: '',
    });
    const json = JSON.parse(
      (await run(['calendar', 'add', '2026-11-27', '1', '--division', 'scotland', '--json'], env)).out,
    );
    expect(json).toEqual({
      date: '2026-11-27',
      workingDays: 1,
      division: 'scotland',
      dueDate: '2026-12-01',
      dueAt: '2026-12-01T23:59:59.000Z',
      explanation:
        'Due Tue 1 Dec 2026: 1 Working Day (Scotland) after Fri 27 Nov 2026, skipping 30 Nov (St Andrew’s Day)',
      provisional: false,
      calendarVersion: 1,
      skipped: [
        { date: '2026-11-30', title: 'St Andrew’s Day', substitute: false, source: 'gov-uk', provisional: false },
      ],
    });
  });

  it('counts Working Days between two dates and says whether a day is one', async () => {
    expect((await run(['calendar', 'between', '2026-11-30', '2026-12-30'], env)).out).toBe(
      '20\n20 Working Days after Mon 30 Nov 2026 up to and including Wed 30 Dec 2026, skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)\n',
    );
    expect(
      JSON.parse((await run(['calendar', 'between', '2026-12-30', '2026-11-30', '--json'], env)).out),
    ).toMatchObject({ count: -20, calendarVersion: 1 });
    expect((await run(['calendar', 'is-working-day', '2026-12-28'], env)).out).toBe(
      'no\nMon 28 Dec 2026 is not a Working Day in England and Wales: it is a bank holiday (Boxing Day, substitute day)\n',
    );
    expect(
      (await run(['calendar', 'is-working-day', '2026-07-13', '--division', 'northern-ireland', '--json'], env)).out,
    ).toContain('"workingDay": false');
    expect((await run(['calendar', 'is-working-day', '2026-07-13'], env)).out).toBe(
      'yes\nMon 13 Jul 2026 is a Working Day in England and Wales\n',
    );
  });

  it('lists the bank holidays of a year, marking years computed by rule', async () => {
    const list = await run(['calendar', 'holidays', '--year', '2027', '--division', 'scotland'], env);
    expect(list.out.split('\n')[0]).toBe('Bank holidays in Scotland, 2027 (calendar version 1)');
    expect(list.out).toContain('2027-01-04  Mon 4 Jan 2027   2nd January (substitute day)\n');
    expect((await run(['calendar', 'holidays', '--year', '2031'], env)).out.split('\n')[0]).toBe(
      'Bank holidays in England and Wales, 2031 (calendar version 1; provisional: computed by rule, not yet published by GOV.UK)',
    );
    expect(JSON.parse((await run(['calendar', 'holidays', '--json'], env)).out)).toMatchObject({
      year: 2026,
      division: 'england-and-wales',
      holidays: expect.arrayContaining([expect.objectContaining({ date: '2026-12-28' })]),
    });
  });

  it('refuses bad dates, counts and divisions with a clear message and exit code 2', async () => {
    expect(await run(['calendar', 'add', '2026-02-30', '20'], env)).toMatchObject({
      code: 2,
      out: '',
      err: 'DATE must be a real date in the format 2026-11-30 (not "2026-02-30")\n',
    });
    expect(await run(['calendar', 'add', '30/11/2026', '20'], env)).toMatchObject({ code: 2 });
    expect(await run(['calendar', 'add', '2026-11-30', 'twenty'], env)).toMatchObject({
      code: 2,
      err: 'N must be a whole number of Working Days from 0 to 2000 (not "twenty")\n',
    });
    expect(await run(['calendar', 'between', '2026-11-30', '2026-13-01'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('DATE2 must be a real date'),
    });
    expect(await run(['calendar', 'is-working-day', '2026-11-30', '--division', 'wales'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--division must be one of england-and-wales, scotland, northern-ireland'),
    });
    expect(await run(['calendar', 'holidays', '--year', '20x6'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--year must be a year from 1900 to 2199'),
    });
    expect(await run(['calendar', 'add', '2199-12-30', '100'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('outside the years the calendar covers'),
    });
  });

  it('loads newer data from a file or a URL, records the version, and explains bad data', async () => {
    const file = path.join(dir, 'bank-holidays.json');
    fs.writeFileSync(file, JSON.stringify(newer));
    const loaded = await run(['calendar', 'update', '--file', file], env);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toBe(
      `Calendar version 2: GOV.UK bank holidays loaded from file ${file}: 3 added\n` +
        '  added    england-and-wales  2026-12-29  Extra bank holiday\n  added    scotland           2026-12-29  Extra bank holiday\n  added    northern-ireland   2026-12-29  Extra bank holiday\n',
    );
    expect((await run(['calendar', 'add', '2026-11-30', '20'], env)).out.split('\n')[0]).toBe('2026-12-31');
    expect((await run(['calendar', 'update', '--url', `${base}/bank-holidays.json`], env)).out).toBe(
      'Nothing changed: calendar version 2 already has these bank holidays.\n',
    );

    fs.writeFileSync(
      file,
      JSON.stringify({
        ...newer,
        scotland: { division: 'scotland', events: [{ title: 'X', date: '2026-02-30', notes: '', bunting: 'no' }] },
      }),
    );
    expect(await run(['calendar', 'update', '--file', file], env)).toEqual({
      code: 2,
      out: '',
      err: `${file} is not GOV.UK bank holiday data:\n  scotland.events[0].date must be a real date from 1900 to 2199 in the format 2026-12-25 (not "2026-02-30")\n  scotland.events[0].bunting must be true or false\n`,
    });
    expect(await run(['calendar', 'update', '--url', `${base}/not-json`], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('it is not valid JSON'),
    });
    expect(await run(['calendar', 'update', '--url', `${base}/missing`], env)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/\/missing answered 404/),
    });
    expect(await run(['calendar', 'update', '--url', 'ftp://example.test/x'], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--url must be an http or https address'),
    });
    expect(await run(['calendar', 'update', '--file', path.join(dir, 'nope.json')], env)).toMatchObject({
      code: 2,
      err: expect.stringContaining('there is no such file'),
    });
    expect(await run(['calendar', 'update'], env)).toMatchObject({
      code: 2,
      err: 'Give either --file FILE or --url URL\n',
    });
    expect((await run(['calendar', 'is-working-day', '2026-12-29', '--json'], env)).out).toContain(
      '"calendarVersion": 2',
    );
  });
});
