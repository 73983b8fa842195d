import os from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { allowEntryProblem } from '../platform/net/index.ts';

/** Frozen runtime configuration. This file is the only code that reads process.env. */
export type Config = Readonly<{
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  cookieSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  setupLinkMinutes: number;
  accountLinkDays: number;
  bodyLimitBytes: number;
  /**
   * Which proxies' X-Forwarded-For to believe: none, the nearest `n` hops, or these addresses and
   * ranges. Never "any": the client's own entries come first in the header and cost nothing to forge.
   */
  trustProxy: false | number | readonly string[];
  tls: { certFile: string; keyFile: string } | undefined;
  audit: { retentionMonths: number; keyFile: string; origin: string; checkpointSeconds: number };
  /** The key that seals secrets stored in the database (see platform/secret-box). */
  secretsKeyFile: string;
  /** Outgoing email. `smtp` is undefined when CUSTODIAN_SMTP_HOST is unset: email is then off. */
  mail: { smtp: SmtpSettings | undefined; from: string };
  /** `allowHosts`: host names, addresses and CIDR ranges webhooks may reach although they are internal. */
  webhooks: { allowHttp: boolean; allowHosts: readonly string[] };
  /** The pool that runs plan checks and Word import off the main thread (see platform/workers). */
  workers: { threads: number; queue: number; timeoutMs: number };
}>;

export type SmtpSettings = Readonly<{
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user: string | undefined;
  password: string | undefined;
}>;

/** Every environment variable Custodian reads, with its default: the README table mirrors this. */
export const ENVIRONMENT = {
  PORT: { default: '3000', about: 'TCP port to listen on (0, any free port, needs CUSTODIAN_PUBLIC_URL)' },
  HOST: { default: '127.0.0.1', about: 'Address to bind (0.0.0.0 for all interfaces)' },
  DATABASE_URL: {
    default: '(SQLite file in the data directory)',
    about: 'postgres://… to use PostgreSQL, or sqlite:///path/file.db',
  },
  CUSTODIAN_DATA_DIR: { default: './data', about: 'Directory for the SQLite database and generated secrets' },
  CUSTODIAN_PUBLIC_URL: {
    default: 'http(s)://localhost:PORT',
    about: 'Base URL people use; printed in setup and activation links',
  },
  CUSTODIAN_LOG_LEVEL: { default: 'info', about: 'fatal, error, warn, info, debug, trace or silent' },
  CUSTODIAN_COOKIE_SECRET: {
    default: '(generated into the data directory)',
    about: 'Secret (32+ characters) that signs the CSRF cookie',
  },
  CUSTODIAN_SESSION_IDLE_MINUTES: { default: '30', about: 'Sign a user out after this many idle minutes' },
  CUSTODIAN_SESSION_ABSOLUTE_HOURS: {
    default: '12',
    about: 'Sign a user out this many hours after sign-in, however active',
  },
  CUSTODIAN_SETUP_LINK_MINUTES: { default: '60', about: 'How long the first-run setup link works' },
  CUSTODIAN_ACCOUNT_LINK_DAYS: { default: '7', about: 'How long an account activation or password reset link works' },
  CUSTODIAN_BODY_LIMIT_BYTES: { default: '1048576', about: 'Largest request body accepted (larger gets 413)' },
  CUSTODIAN_TRUST_PROXY: {
    default: 'false',
    about:
      'Behind reverse proxies that set X-Forwarded-For: true (one proxy), their number, or their addresses or ranges, comma-separated',
  },
  CUSTODIAN_TLS_CERT_FILE: { default: '(none)', about: 'PEM certificate: with the key, Custodian serves HTTPS itself' },
  CUSTODIAN_TLS_KEY_FILE: { default: '(none)', about: 'PEM private key for CUSTODIAN_TLS_CERT_FILE' },
  CUSTODIAN_AUDIT_RETENTION_MONTHS: {
    default: '13',
    about: 'Months of audit event content kept (at least 6, clause B8)',
  },
  CUSTODIAN_AUDIT_KEY_FILE: {
    default: '<data dir>/audit-signing.key',
    about: 'Ed25519 key that signs audit checkpoints (created on first start)',
  },
  CUSTODIAN_AUDIT_ORIGIN: {
    default: '<public URL host>/custodian-audit',
    about: 'Name of the audit log in its checkpoints and verifier key',
  },
  CUSTODIAN_AUDIT_CHECKPOINT_SECONDS: {
    default: '10',
    about: 'Sign a checkpoint this often while events arrive (1 to 10)',
  },
  CUSTODIAN_SECRETS_KEY_FILE: {
    default: '<data dir>/secrets.key',
    about: 'AES-256 key sealing the webhook signing secrets stored in the database (created on first start)',
  },
  CUSTODIAN_SMTP_HOST: {
    default: '(none: email off)',
    about: 'SMTP server for notification email; unset keeps email off (recorded as not sent)',
  },
  CUSTODIAN_SMTP_PORT: { default: '587 (465 with CUSTODIAN_SMTP_SECURE)', about: 'SMTP server port' },
  CUSTODIAN_SMTP_SECURE: {
    default: 'false',
    about: 'true to connect with TLS from the start (implicit TLS, usually port 465)',
  },
  CUSTODIAN_SMTP_REQUIRE_TLS: {
    default: 'false',
    about: 'true to refuse to send unless the server upgrades with STARTTLS',
  },
  CUSTODIAN_SMTP_USER: { default: '(none)', about: 'SMTP user name (with CUSTODIAN_SMTP_PASSWORD)' },
  CUSTODIAN_SMTP_PASSWORD: { default: '(none)', about: 'SMTP password; never shown or logged' },
  CUSTODIAN_MAIL_FROM: {
    default: 'Custodian <custodian@<public URL host>>',
    about: 'From address of notification email',
  },
  CUSTODIAN_WEBHOOK_ALLOW_HTTP: {
    default: 'false',
    about: 'true to allow plain http:// webhook URLs (testing only; https otherwise)',
  },
  CUSTODIAN_WEBHOOK_ALLOW_HOSTS: {
    default: '(none)',
    about:
      'comma-separated host names, IP addresses and CIDR ranges that webhooks may reach although internal (an internal chat server)',
  },
  CUSTODIAN_WORKER_THREADS: {
    default: '(CPU cores − 1, from 1 to 4)',
    about: 'Threads that run plan checks and Word import, off the thread that serves requests',
  },
  CUSTODIAN_WORKER_QUEUE: {
    default: '8',
    about: 'Plan checks and imports that may wait for a thread; beyond it they are refused as busy',
  },
  CUSTODIAN_WORKER_TIMEOUT_SECONDS: {
    default: '60',
    about: 'A plan check or import unfinished after this long (waiting included) is stopped',
  },
} as const;

const intIn = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { message: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1');

// true is one hop: the address the nearest proxy saw. Trusting every hop would let a client choose its
// own address (and so escape per-address sign-in throttling) by sending an X-Forwarded-For of its own.
const trustProxy = z.string().transform((v, ctx): false | number | readonly string[] => {
  const value = v.trim();
  if (value === 'false' || value === '0') return false;
  if (value === 'true') return 1;
  if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
  const list = value.split(',').map((s) => s.trim());
  if (list.every((a) => ipaddr.isValid(a) || ipaddr.isValidCIDR(a))) return Object.freeze(list);
  ctx.addIssue({
    code: 'custom',
    message: 'CUSTODIAN_TRUST_PROXY must be true, false, a number of proxies (up to 10), or proxy addresses or ranges',
  });
  return z.NEVER;
});

const schema = z.object({
  PORT: intIn('PORT', 0, 65535).default(3000),
  HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => /^(postgres|postgresql):\/\//.test(v) || v.startsWith('sqlite://'),
      'DATABASE_URL must start with postgres:// or sqlite://',
    )
    .optional(),
  CUSTODIAN_DATA_DIR: z.string().min(1).default('./data'),
  CUSTODIAN_PUBLIC_URL: z.url({ message: 'CUSTODIAN_PUBLIC_URL must be an absolute URL' }).optional(),
  CUSTODIAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CUSTODIAN_COOKIE_SECRET: z.string().min(32, 'CUSTODIAN_COOKIE_SECRET must be at least 32 characters').optional(),
  CUSTODIAN_SESSION_IDLE_MINUTES: intIn('CUSTODIAN_SESSION_IDLE_MINUTES', 1, 24 * 60).default(30),
  CUSTODIAN_SESSION_ABSOLUTE_HOURS: intIn('CUSTODIAN_SESSION_ABSOLUTE_HOURS', 1, 24 * 7).default(12),
  CUSTODIAN_SETUP_LINK_MINUTES: intIn('CUSTODIAN_SETUP_LINK_MINUTES', 1, 24 * 60).default(60),
  CUSTODIAN_ACCOUNT_LINK_DAYS: intIn('CUSTODIAN_ACCOUNT_LINK_DAYS', 1, 30).default(7),
  CUSTODIAN_BODY_LIMIT_BYTES: intIn('CUSTODIAN_BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024).default(1024 * 1024),
  CUSTODIAN_TRUST_PROXY: trustProxy.default(false),
  CUSTODIAN_TLS_CERT_FILE: z.string().min(1).optional(),
  CUSTODIAN_TLS_KEY_FILE: z.string().min(1).optional(),
  CUSTODIAN_AUDIT_RETENTION_MONTHS: z
    .string()
    .regex(/^\d+$/, 'CUSTODIAN_AUDIT_RETENTION_MONTHS must be a whole number of months')
    .transform(Number)
    .refine(
      (n) => n >= 6,
      'CUSTODIAN_AUDIT_RETENTION_MONTHS must be at least 6: clause B8 requires security records for at least 6 Months',
    )
    .refine((n) => n <= 1200, 'CUSTODIAN_AUDIT_RETENTION_MONTHS must be 1200 or fewer')
    .default(13),
  CUSTODIAN_AUDIT_KEY_FILE: z.string().min(1).optional(),
  CUSTODIAN_SECRETS_KEY_FILE: z.string().min(1).optional(),
  CUSTODIAN_AUDIT_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'CUSTODIAN_AUDIT_ORIGIN must not contain spaces or "+"')
    .max(200)
    .optional(),
  CUSTODIAN_AUDIT_CHECKPOINT_SECONDS: intIn('CUSTODIAN_AUDIT_CHECKPOINT_SECONDS', 1, 10).default(10),
  CUSTODIAN_SMTP_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, 'CUSTODIAN_SMTP_HOST must be a host name or IP address')
    .optional(),
  CUSTODIAN_SMTP_PORT: intIn('CUSTODIAN_SMTP_PORT', 1, 65535).optional(),
  CUSTODIAN_SMTP_SECURE: bool('CUSTODIAN_SMTP_SECURE').default(false),
  CUSTODIAN_SMTP_REQUIRE_TLS: bool('CUSTODIAN_SMTP_REQUIRE_TLS').default(false),
  CUSTODIAN_SMTP_USER: z.string().max(500).optional(),
  CUSTODIAN_SMTP_PASSWORD: z.string().max(500).optional(),
  CUSTODIAN_MAIL_FROM: z
    .string()
    .trim()
    .max(300)
    .regex(
      /^(?:[^<>\r\n"]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      'CUSTODIAN_MAIL_FROM must be an address like custodian@example.gov.uk or Custodian <custodian@example.gov.uk>',
    )
    .optional(),
  CUSTODIAN_WEBHOOK_ALLOW_HTTP: bool('CUSTODIAN_WEBHOOK_ALLOW_HTTP').default(false),
  CUSTODIAN_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .max(5000)
    .transform((s) =>
      s
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = allowEntryProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .default([]),
  CUSTODIAN_WORKER_THREADS: intIn('CUSTODIAN_WORKER_THREADS', 1, 64).optional(),
  CUSTODIAN_WORKER_QUEUE: intIn('CUSTODIAN_WORKER_QUEUE', 0, 1000).default(8),
  CUSTODIAN_WORKER_TIMEOUT_SECONDS: intIn('CUSTODIAN_WORKER_TIMEOUT_SECONDS', 1, 3600).default(60),
});

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Custodian cannot start: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad setting. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ENVIRONMENT)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  if (Boolean(e.CUSTODIAN_TLS_CERT_FILE) !== Boolean(e.CUSTODIAN_TLS_KEY_FILE)) {
    throw new ConfigError(['CUSTODIAN_TLS_CERT_FILE and CUSTODIAN_TLS_KEY_FILE must be set together']);
  }
  // Any free port is fine for the server, but the links it prints and emails must name the real one.
  if (e.PORT === 0 && !e.CUSTODIAN_PUBLIC_URL) {
    throw new ConfigError([
      'PORT=0 (any free port) needs CUSTODIAN_PUBLIC_URL: setup, activation and email links must carry the address people use',
    ]);
  }
  const tls =
    e.CUSTODIAN_TLS_CERT_FILE && e.CUSTODIAN_TLS_KEY_FILE
      ? { certFile: e.CUSTODIAN_TLS_CERT_FILE, keyFile: e.CUSTODIAN_TLS_KEY_FILE }
      : undefined;
  const scheme = tls ? 'https' : 'http';
  const publicUrl = (e.CUSTODIAN_PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/$/, '');
  const dataDir = path.resolve(e.CUSTODIAN_DATA_DIR);
  const smtp = smtpSettings(e);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    logLevel: e.CUSTODIAN_LOG_LEVEL,
    cookieSecret: e.CUSTODIAN_COOKIE_SECRET,
    sessionIdleMinutes: e.CUSTODIAN_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.CUSTODIAN_SESSION_ABSOLUTE_HOURS,
    setupLinkMinutes: e.CUSTODIAN_SETUP_LINK_MINUTES,
    accountLinkDays: e.CUSTODIAN_ACCOUNT_LINK_DAYS,
    bodyLimitBytes: e.CUSTODIAN_BODY_LIMIT_BYTES,
    trustProxy: e.CUSTODIAN_TRUST_PROXY,
    tls,
    audit: Object.freeze({
      retentionMonths: e.CUSTODIAN_AUDIT_RETENTION_MONTHS,
      keyFile: path.resolve(e.CUSTODIAN_AUDIT_KEY_FILE ?? path.join(dataDir, 'audit-signing.key')),
      // The host alone (no port): the origin names the log, not one way of reaching it.
      origin: e.CUSTODIAN_AUDIT_ORIGIN ?? `${new URL(publicUrl).hostname}/custodian-audit`,
      checkpointSeconds: e.CUSTODIAN_AUDIT_CHECKPOINT_SECONDS,
    }),
    secretsKeyFile: path.resolve(e.CUSTODIAN_SECRETS_KEY_FILE ?? path.join(dataDir, 'secrets.key')),
    mail: Object.freeze({
      smtp,
      from: e.CUSTODIAN_MAIL_FROM ?? `Custodian <custodian@${new URL(publicUrl).hostname}>`,
    }),
    webhooks: Object.freeze({
      allowHttp: e.CUSTODIAN_WEBHOOK_ALLOW_HTTP,
      allowHosts: Object.freeze(e.CUSTODIAN_WEBHOOK_ALLOW_HOSTS),
    }),
    workers: Object.freeze({
      // One core stays for the thread that answers requests; more than four threads buys little
      // for a service of a few dozen users and costs memory (each thread loads the parsers).
      threads: e.CUSTODIAN_WORKER_THREADS ?? Math.min(4, Math.max(1, os.availableParallelism() - 1)),
      queue: e.CUSTODIAN_WORKER_QUEUE,
      timeoutMs: e.CUSTODIAN_WORKER_TIMEOUT_SECONDS * 1000,
    }),
  });
}

/** SMTP settings, or undefined (email off) when no host is set; settings that contradict each other stop start-up. */
function smtpSettings(e: z.output<typeof schema>): SmtpSettings | undefined {
  const problems: string[] = [];
  if (Boolean(e.CUSTODIAN_SMTP_USER) !== Boolean(e.CUSTODIAN_SMTP_PASSWORD))
    problems.push('CUSTODIAN_SMTP_USER and CUSTODIAN_SMTP_PASSWORD must be set together');
  if (e.CUSTODIAN_SMTP_SECURE && e.CUSTODIAN_SMTP_REQUIRE_TLS)
    problems.push('Set CUSTODIAN_SMTP_SECURE (implicit TLS) or CUSTODIAN_SMTP_REQUIRE_TLS (STARTTLS), not both');
  if (!e.CUSTODIAN_SMTP_HOST && (e.CUSTODIAN_SMTP_PORT || e.CUSTODIAN_SMTP_USER))
    problems.push('CUSTODIAN_SMTP_HOST must be set to use the other CUSTODIAN_SMTP_ settings');
  if (problems.length) throw new ConfigError(problems);
  if (!e.CUSTODIAN_SMTP_HOST) return undefined;
  return Object.freeze({
    host: e.CUSTODIAN_SMTP_HOST,
    port: e.CUSTODIAN_SMTP_PORT ?? (e.CUSTODIAN_SMTP_SECURE ? 465 : 587),
    secure: e.CUSTODIAN_SMTP_SECURE,
    requireTls: e.CUSTODIAN_SMTP_REQUIRE_TLS,
    user: e.CUSTODIAN_SMTP_USER,
    password: e.CUSTODIAN_SMTP_PASSWORD,
  });
}
