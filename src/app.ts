import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { Config } from './config/index.ts';
import type { DbHandle } from './platform/db/index.ts';
import { authorizePlugin, type AccessResolver } from './platform/auth/index.ts';
import {
  registerAssets,
  registerCsrf,
  registerErrorHandlers,
  registerOpenApi,
  registerSecurityHeaders,
} from './platform/http/index.ts';
import { healthRoutes } from './platform/http/health.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { createViewEnvironment, viewsPlugin } from './platform/views/index.ts';
import type { Clock } from './platform/kernel/index.ts';
import {
  accessRecorderPlugin,
  auditLogPlugin,
  createAccessJournal,
  type AccessJournal,
  auditSigner,
  createAuditLog,
  createAuditRetentionService,
  createAuditTreeService,
} from './modules/audit-log/index.ts';
import { createOrganisationsService, organisationsPlugin } from './modules/organisations/index.ts';
import {
  accountsPlugin,
  createAccountLinksService,
  createAuthenticationService,
  createSessionsService,
  createUsersService,
} from './modules/accounts/index.ts';
import { contractsPlugin, createContractsService } from './modules/contracts/index.ts';
import { createApiTokensService, apiTokensPlugin } from './modules/api-tokens/index.ts';
import { calendarPlugin, createCalendarService } from './modules/calendar/index.ts';
import {
  createNotificationsService,
  createWebhooksService,
  notificationsPlugin,
} from './modules/notifications/index.ts';
import { secretBoxFromFile } from './platform/secret-box/index.ts';
import {
  createSmpImportStore,
  createSmpReviewService,
  createSmpService,
  smpPlugin,
} from './modules/security-management-plan/index.ts';
import { createVariationsService, variationsPlugin } from './modules/variations/index.ts';
import {
  createDeadlineFeedService,
  createDeadlinesService,
  createReminderScheduler,
  deadlinesPlugin,
} from './modules/deadlines/index.ts';
import type { Mailer } from './platform/mail/index.ts';

/** Every module's migrations folder, in the order the modules are built. */
export const MIGRATION_FOLDERS = [
  'organisations',
  'accounts',
  'contracts',
  'api-tokens',
  'audit-log',
  'calendar',
  'notifications',
  'deadlines',
  'variations',
  'security-management-plan',
].map((name) => fileURLToPath(new URL(`./modules/${name}/migrations`, import.meta.url)));

export interface AppDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  /** Sends notification email; absent when CUSTODIAN_SMTP_HOST is unset (email off). The delivery worker uses it. */
  mailer?: Mailer | undefined;
  /** Pino options or false; tests pass false. */
  logger?: boolean | object;
  /** Record every signed-in request in the audit log (clause B7.1). Only bench:audit turns it off, to measure its cost. */
  recordAccess?: boolean;
}

/** The services every adapter (web, API, CLI) calls. Built once per app; no module-level singletons. */
export function buildServices(deps: Pick<AppDeps, 'config' | 'db' | 'clock' | 'mailer'>) {
  const { config, clock } = deps;
  const uow = deps.db.uow;
  const audit = createAuditLog({ uow, clock });
  const auditTree = createAuditTreeService({ uow, clock, signer: auditSigner(config.audit) });
  const auditRetention = createAuditRetentionService({
    uow,
    clock,
    audit,
    retentionMonths: config.audit.retentionMonths,
  });
  const organisations = createOrganisationsService({ uow, clock, audit });
  const sessions = createSessionsService({
    uow,
    clock,
    audit,
    policy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    organisationKindOf: async (id) => (await organisations.get(id)).kind,
  });
  const links = createAccountLinksService({
    uow,
    clock,
    audit,
    organisations,
    sessions,
    publicUrl: config.publicUrl,
    setupMinutes: config.setupLinkMinutes,
    linkDays: config.accountLinkDays,
  });
  const users = createUsersService({ uow, clock, audit, organisations, sessions, links });
  const auth = createAuthenticationService({ uow, clock, audit, sessions });
  const contracts = createContractsService({ uow, clock, audit, organisations, users });
  const apiTokens = createApiTokensService({ uow, clock, audit, contracts });
  const calendar = createCalendarService({ uow, clock, audit });
  // Email is on when SMTP is configured (the server's worker sends) or a mailer is given (tests).
  const notifications = createNotificationsService({
    uow,
    users,
    contracts,
    clock,
    audit,
    emailEnabled: Boolean(config.mail.smtp || deps.mailer),
  });
  // Webhook signing secrets are stored sealed under a key kept outside the database.
  const secrets = secretBoxFromFile(config.secretsKeyFile);
  const webhooks = createWebhooksService({
    uow,
    clock,
    audit,
    contracts,
    secrets,
    allowHttp: config.webhooks.allowHttp,
  });
  const deadlines = createDeadlinesService({ uow, clock, audit, calendar, contracts, notifications });
  // Open deadlines move with the calendar, in the same transaction as the calendar change.
  calendar.onChange((change) => deadlines.recompute(change).then(() => undefined));
  const deadlineFeed = createDeadlineFeedService({
    uow,
    clock,
    audit,
    deadlines,
    contracts,
    publicUrl: config.publicUrl,
  });
  const reminders = createReminderScheduler({ deadlines, calendar, contracts, notifications });
  const variations = createVariationsService({ uow, clock, audit, notifications, contracts });
  const smp = createSmpService({ uow, clock, audit, deadlines, notifications, contracts, variations });
  const smpReviews = createSmpReviewService({ uow, clock, audit, deadlines, notifications, contracts, plans: smp });
  const smpImports = createSmpImportStore({ uow, clock });
  // Every contract starts with an empty plan and its 20 Working Day clock (A4.3.1).
  contracts.onCreated(async (contract) => void (await smp.ensurePlan(contract.id)));
  return {
    audit,
    auditTree,
    auditRetention,
    organisations,
    sessions,
    links,
    users,
    auth,
    contracts,
    apiTokens,
    calendar,
    notifications,
    secrets,
    webhooks,
    deadlines,
    deadlineFeed,
    reminders,
    variations,
    smp,
    smpReviews,
    smpImports,
  };
}
export type Services = ReturnType<typeof buildServices>;

/** The cookie-signing secret: from config, else generated once into the data directory (mode 0600). */
function cookieSecret(config: Config): string {
  if (config.cookieSecret) return config.cookieSecret;
  const file = path.join(config.dataDir, 'cookie-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Builds the whole application without listening: main.ts listens, tests use app.inject(). */
export async function buildApp(
  deps: AppDeps,
): Promise<{ app: FastifyInstance; services: Services; accessJournal: AccessJournal }> {
  const { config } = deps;
  const secure = Boolean(config.tls);
  const services = buildServices(deps);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: () => randomBytes(8).toString('hex'),
    ...(config.tls
      ? { https: { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) } }
      : {}),
  });

  registerErrorHandlers(app);
  registerInputGuard(app);
  await app.register(cookie, { secret: cookieSecret(config) });
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await registerSecurityHeaders(app, { tls: secure });
  await registerCsrf(app, { secure });
  await app.register(viewsPlugin, { env: createViewEnvironment(), secure });

  const resolver: AccessResolver = {
    session: (value) => services.sessions.resolve(value),
    bearer: (token) => services.apiTokens.resolve(token),
    rolesOn: (userId, contractId) => services.contracts.rolesOn(userId, contractId),
  };
  await app.register(authorizePlugin, { resolver });
  // Every request by a signed-in person or token is recorded (clause B7.1), group-committed just after its response.
  const accessJournal = createAccessJournal({
    audit: services.audit,
    uow: deps.db.uow,
    onError: (err) =>
      app.log.error({ err }, 'access records could not be written; refusing signed-in requests until they are'),
  });
  app.addHook('onClose', () => accessJournal.close());
  if (deps.recordAccess !== false) await accessRecorderPlugin(app, { journal: accessJournal });
  // Before any module's routes, so the OpenAPI document sees every /api/v1 route.
  await registerOpenApi(app);
  await registerAssets(app);

  app.get('/', { config: { permission: 'public' } }, async (request, reply) =>
    reply.redirect(request.principal.kind === 'user' ? '/contracts' : '/sign-in', 303),
  );
  healthRoutes(app, deps.db);
  await app.register(organisationsPlugin, services);
  await app.register(accountsPlugin, { ...services, secure });
  await app.register(contractsPlugin, services);
  await app.register(apiTokensPlugin, services);
  await app.register(calendarPlugin, services);
  await app.register(notificationsPlugin, services);
  await app.register(deadlinesPlugin, services);
  await app.register(smpPlugin, services);
  await app.register(variationsPlugin, services);
  await app.register(auditLogPlugin, {
    ...services,
    uow: deps.db.uow,
    accessJournal,
    checkpointSeconds: config.audit.checkpointSeconds,
  });
  await app.ready();
  return { app, services, accessJournal };
}
