import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: port 3000 on loopback, SQLite in ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.sessionIdleMinutes).toBe(30);
    expect(c.sessionAbsoluteHours).toBe(12);
    expect(c.tls).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad setting in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CUSTODIAN_SESSION_IDLE_MINUTES: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('CUSTODIAN_SESSION_IDLE_MINUTES');
    }
  });

  it('never trusts every proxy: true is the nearest one, or a count, or named addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CUSTODIAN_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ CUSTODIAN_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ CUSTODIAN_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ CUSTODIAN_TRUST_PROXY: '10.0.0.0/8, fd00::/8,192.0.2.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.1',
    ]);
    expect(() => loadConfig({ CUSTODIAN_TRUST_PROXY: 'yes please' })).toThrow(/CUSTODIAN_TRUST_PROXY must be/);
    expect(() => loadConfig({ CUSTODIAN_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/CUSTODIAN_TRUST_PROXY must be/);
  });

  it('needs the TLS certificate and key together, and then uses https', () => {
    expect(() => loadConfig({ CUSTODIAN_TLS_CERT_FILE: '/c.pem' })).toThrow(/set together/);
    const c = loadConfig({ CUSTODIAN_TLS_CERT_FILE: '/c.pem', CUSTODIAN_TLS_KEY_FILE: '/k.pem', PORT: '8443' });
    expect(c.publicUrl).toBe('https://localhost:8443');
  });

  it('takes any free port only with the public URL its links must carry', () => {
    expect(() => loadConfig({ PORT: '0' })).toThrow(/PORT=0 \(any free port\) needs CUSTODIAN_PUBLIC_URL/);
    const c = loadConfig({ PORT: '0', CUSTODIAN_PUBLIC_URL: 'https://custodian.example.gov.uk/' });
    expect([c.port, c.publicUrl]).toEqual([0, 'https://custodian.example.gov.uk']);
  });

  it('treats empty values as unset and accepts PostgreSQL URLs', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: 'postgres://u@db:5432/custodian' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('postgres://u@db:5432/custodian');
  });

  it('refuses an audit retention below six months (clause B8) and defaults to 13', () => {
    expect(loadConfig({}).audit.retentionMonths).toBe(13);
    expect(() => loadConfig({ CUSTODIAN_AUDIT_RETENTION_MONTHS: '5' })).toThrow(/at least 6/);
    expect(() => loadConfig({ CUSTODIAN_AUDIT_RETENTION_MONTHS: 'six' })).toThrow(/whole number/);
    expect(loadConfig({ CUSTODIAN_AUDIT_RETENTION_MONTHS: '6' }).audit.retentionMonths).toBe(6);
    expect(loadConfig({ CUSTODIAN_PUBLIC_URL: 'https://custodian.example.gov.uk:8443' }).audit.origin).toBe(
      'custodian.example.gov.uk/custodian-audit',
    );
    expect(() => loadConfig({ CUSTODIAN_AUDIT_ORIGIN: 'has space' })).toThrow(/CUSTODIAN_AUDIT_ORIGIN/);
  });

  it('reads the webhook allow-list as host names, addresses and CIDR ranges, and names a bad entry', () => {
    expect(loadConfig({}).webhooks.allowHosts).toEqual([]);
    expect(
      loadConfig({ CUSTODIAN_WEBHOOK_ALLOW_HOSTS: ' chat.corp.internal, 10.20.0.0/16 ,fd00:ec2::254,' }).webhooks
        .allowHosts,
    ).toEqual(['chat.corp.internal', '10.20.0.0/16', 'fd00:ec2::254']);
    expect(() => loadConfig({ CUSTODIAN_WEBHOOK_ALLOW_HOSTS: 'chat.corp.internal, 10.0.0.0/40' })).toThrow(
      /CUSTODIAN_WEBHOOK_ALLOW_HOSTS: "10\.0\.0\.0\/40" is neither a host name, an IP address nor a CIDR range/,
    );
  });
});
