import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { Config } from './config/index.ts';
import { MODULES, PERMISSIONS } from './modules.ts';
import { authorizePlugin, type AccessResolver } from './platform/auth/index.ts';
import type { DbHandle } from './platform/db/index.ts';
import {
  registerAssets,
  registerCsrf,
  registerErrorHandlers,
  registerOpenApi,
  registerSecurityHeaders,
} from './platform/http/index.ts';
import { healthRoutes } from './platform/http/health.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import type { Clock } from './platform/kernel/index.ts';
import { DEFAULT_SCIM_PREFIX, scimFrameworkErrors } from './platform/scim/index.ts';
import type { Mailer } from './platform/mail/index.ts';
import type { HostResolver } from './platform/net/index.ts';
import { createWorkerPool, type WorkerPool } from './platform/workers/index.ts';
import {
  composeServices,
  type BackgroundWork,
  type ModuleContext,
  type ModuleLog,
  type ServiceRegistry,
  type WebContext,
} from './platform/modules/index.ts';
import { createViewEnvironment, viewsPlugin } from './platform/views/index.ts';

export { MODULES, PERMISSIONS, MIGRATION_FOLDERS, type Database } from './modules.ts';

export interface AppDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  /** Sends notification email; absent when CUSTODIAN_SMTP_HOST is unset (email off). The delivery worker uses it. */
  mailer?: Mailer | undefined;
  /** Resolves webhook host names; the system's resolver when absent. Tests pass a stub, so they never ask real DNS. */
  resolveHost?: HostResolver | undefined;
  /** Pino options or false; tests pass false. */
  logger?: boolean | object;
  /** Record every signed-in request in the audit log (clause B7.1). Only bench:audit turns it off, to measure its cost. */
  recordAccess?: boolean;
}

/** The services every adapter (web, API, CLI) calls: each module's, by name. */
export type Services = ServiceRegistry;

const quiet: ModuleLog = { info() {}, warn() {}, error() {} };

/**
 * Builds every module's services, in module order. Built once per app or command; no module-level
 * singletons. The worker pool is the caller's to close; without one, an idle pool is made (it
 * starts no thread until a job needs one).
 */
export function buildServices(
  deps: Pick<AppDeps, 'config' | 'db' | 'clock' | 'mailer' | 'resolveHost'> & { log?: ModuleLog; workers?: WorkerPool },
): Services {
  const { config, db, clock, mailer, resolveHost } = deps;
  const workers = deps.workers ?? createWorkerPool(config.workers);
  return composeServices(MODULES, {
    config,
    clock,
    uow: db.uow,
    mailer,
    resolveHost,
    log: deps.log ?? quiet,
    workers,
  });
}

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

/** Fastify's form of the trusted proxies: a hop count becomes proxy-addr's own test, hop < count. */
function trustedProxies(trust: Config['trustProxy']) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return [...trust];
}

/** Builds the whole application without listening: main.ts listens, tests use app.inject(). */
export async function buildApp(deps: AppDeps): Promise<{
  app: FastifyInstance;
  services: Services;
  accessJournal: Services['accessJournal'];
  context: ModuleContext;
  workers: WorkerPool;
}> {
  const { config } = deps;
  const secure = Boolean(config.tls);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustedProxies(config.trustProxy),
    requestIdHeader: false,
    genReqId: () => randomBytes(8).toString('hex'),
    // A request under the SCIM base that fails before routing (a bad percent-escape) still gets a SCIM error.
    frameworkErrors: scimFrameworkErrors(DEFAULT_SCIM_PREFIX),
    ...(config.tls
      ? { https: { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) } }
      : {}),
  });
  // Plan checks and Word import run here, off the thread that answers requests; its threads end with the app.
  const workers = createWorkerPool(config.workers);
  app.addHook('onClose', () => workers.close());
  const context: WebContext = {
    config,
    workers,
    clock: deps.clock,
    uow: deps.db.uow,
    mailer: deps.mailer,
    resolveHost: deps.resolveHost,
    log: app.log,
    secure,
    recordAccess: deps.recordAccess !== false,
    contractLinks: MODULES.flatMap((m) => m.contractLinks ?? []).sort((a, b) => a.order - b.order),
  };
  const services = composeServices(MODULES, context);

  registerErrorHandlers(app);
  registerInputGuard(app);
  await app.register(cookie, { secret: cookieSecret(config) });
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await registerSecurityHeaders(app, { tls: secure });
  await registerCsrf(app, { secure });
  await app.register(viewsPlugin, {
    env: createViewEnvironment(MODULES.flatMap((m) => (m.views ? [m.views] : []))),
    secure,
  });

  const resolver: AccessResolver = {
    session: (value) => services.sessions.resolve(value),
    bearer: (token) => services.apiTokens.resolve(token),
    rolesOn: (userId, contractId) => services.contracts.rolesOn(userId, contractId),
  };
  await app.register(authorizePlugin, { resolver, permissions: PERMISSIONS });
  // Modules' request hooks (the access recorder among them) before any route, so they apply to all.
  for (const m of MODULES) await m.web?.hooks?.(app, services, context);
  // Before any module's routes, so the OpenAPI document sees every /api/v1 route.
  await registerOpenApi(app, { tags: MODULES.flatMap((m) => m.apiTags ?? []), publicUrl: config.publicUrl });
  await registerAssets(app);

  app.get('/', { config: { permission: 'public' } }, async (request, reply) =>
    reply.redirect(request.principal.kind === 'user' ? '/contracts' : '/sign-in', 303),
  );
  healthRoutes(app, deps.db);
  // Each module's routes in an encapsulated context of its own.
  for (const m of MODULES) if (m.web) await app.register(async (scope) => m.web!.routes(scope, services, context));
  await app.ready();
  return { app, services, accessJournal: services.accessJournal, context, workers };
}

/**
 * Starts every module's background work (timers, workers) in module order; the returned function
 * stops them in reverse order, so a module's work stops before the work of the modules it needs.
 */
export async function startModules(services: Services, context: ModuleContext): Promise<() => Promise<void>> {
  const running: BackgroundWork[] = [];
  for (const m of MODULES) {
    const work = await m.start?.(services, context);
    if (work) running.push(work);
  }
  return async () => {
    for (const work of running.reverse()) await work.stop();
  };
}
