import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/program.ts';
import { ENVIRONMENT, loadConfig } from '../../config/index.ts';
import { loggerOptions } from '../../platform/http/logger.ts';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');

describe('email and webhook configuration', () => {
  it('leaves email off without CUSTODIAN_SMTP_HOST, and webhooks https-only', () => {
    const c = loadConfig({ CUSTODIAN_PUBLIC_URL: 'https://custodian.example.gov.uk' });
    expect(c.mail).toEqual({ smtp: undefined, from: 'Custodian <custodian@custodian.example.gov.uk>' });
    expect(c.webhooks.allowHttp).toBe(false);
  });

  it('reads the SMTP settings, with the port following the TLS mode', () => {
    const c = loadConfig({
      CUSTODIAN_SMTP_HOST: 'smtp.example.gov.uk',
      CUSTODIAN_SMTP_USER: 'custodian',
      CUSTODIAN_SMTP_PASSWORD: 's3cret pass',
      CUSTODIAN_SMTP_REQUIRE_TLS: 'true',
      CUSTODIAN_MAIL_FROM: 'Security <security@example.gov.uk>',
      CUSTODIAN_WEBHOOK_ALLOW_HTTP: 'true',
    });
    expect(c.mail).toEqual({
      smtp: {
        host: 'smtp.example.gov.uk',
        port: 587,
        secure: false,
        requireTls: true,
        user: 'custodian',
        password: 's3cret pass',
      },
      from: 'Security <security@example.gov.uk>',
    });
    expect(c.webhooks.allowHttp).toBe(true);
    expect(loadConfig({ CUSTODIAN_SMTP_HOST: 'smtp.example', CUSTODIAN_SMTP_SECURE: 'true' }).mail.smtp?.port).toBe(
      465,
    );
    expect(loadConfig({ CUSTODIAN_SMTP_HOST: 'smtp.example', CUSTODIAN_SMTP_PORT: '2525' }).mail.smtp?.port).toBe(2525);
  });

  it('refuses settings that contradict each other or are malformed, naming them', () => {
    expect(() => loadConfig({ CUSTODIAN_SMTP_HOST: 'h', CUSTODIAN_SMTP_USER: 'u' })).toThrow(
      /CUSTODIAN_SMTP_USER and CUSTODIAN_SMTP_PASSWORD must be set together/,
    );
    expect(() =>
      loadConfig({ CUSTODIAN_SMTP_HOST: 'h', CUSTODIAN_SMTP_SECURE: 'true', CUSTODIAN_SMTP_REQUIRE_TLS: 'true' }),
    ).toThrow(/not both/);
    expect(() => loadConfig({ CUSTODIAN_SMTP_PORT: '25' })).toThrow(/CUSTODIAN_SMTP_HOST must be set/);
    expect(() => loadConfig({ CUSTODIAN_SMTP_HOST: 'h', CUSTODIAN_SMTP_PORT: '70000' })).toThrow(/CUSTODIAN_SMTP_PORT/);
    expect(() => loadConfig({ CUSTODIAN_SMTP_HOST: 'bad host\r\n' })).toThrow(/CUSTODIAN_SMTP_HOST/);
    expect(() => loadConfig({ CUSTODIAN_MAIL_FROM: 'nobody' })).toThrow(/CUSTODIAN_MAIL_FROM/);
    expect(() => loadConfig({ CUSTODIAN_WEBHOOK_ALLOW_HTTP: 'perhaps' })).toThrow(
      /CUSTODIAN_WEBHOOK_ALLOW_HTTP must be true or false/,
    );
  });

  it('never shows the SMTP password in `custodian config`, and the logger redacts it', async () => {
    let out = '';
    const env = {
      CUSTODIAN_SMTP_HOST: 'smtp.example',
      CUSTODIAN_SMTP_USER: 'custodian',
      CUSTODIAN_SMTP_PASSWORD: 'hunter2-very-secret',
    };
    expect(await runCli(['config'], createCliContext(env), { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(out).not.toContain('hunter2-very-secret');
    expect(JSON.parse(out.slice(0, out.indexOf('\n\nEnvironment variables:'))).mail.smtp).toMatchObject({
      host: 'smtp.example',
      user: 'custodian',
      password: '(set)',
    });
    expect(out).toContain('CUSTODIAN_SMTP_PASSWORD');
    expect(loggerOptions('info').redact.paths).toEqual(expect.arrayContaining(['*.pass', '*.smtp.password']));
  });

  it('documents every new variable in the README table', () => {
    const readme = fs.readFileSync(README, 'utf8');
    for (const name of Object.keys(ENVIRONMENT).filter((n) => /SMTP|MAIL|WEBHOOK/.test(n)))
      expect(readme, name).toContain(`| \`${name}\` |`);
  });
});
