import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/index.ts';
import type { Permission, PermissionDefinitions } from '../auth/index.ts';
import type { UnitOfWork } from '../db/index.ts';
import type { Clock } from '../kernel/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { HostResolver } from '../net/index.ts';
import type { WorkerPool } from '../workers/index.ts';

/**
 * Every module's services by name. Empty here: each module adds its own in its index.ts with
 * `declare module '../../platform/modules/index.ts' { interface ServiceRegistry { name: Service } }`,
 * so a module that names another's service gets it typed, and platform names none of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ServiceRegistry {}
export type ServiceName = keyof ServiceRegistry;

/** A pino-shaped logger: the server's, or the command line's. Ids and outcomes only, never secrets. */
export interface ModuleLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What every module is built with: the process's configuration, clock, database and logger. */
export interface ModuleContext {
  config: Config;
  clock: Clock;
  uow: UnitOfWork;
  log: ModuleLog;
  /** Sends email; absent when no SMTP server is configured (email is then off). */
  mailer?: Mailer | undefined;
  /** Resolves host names for outbound connections (webhooks); the system's resolver when absent. Tests give a stub. */
  resolveHost?: HostResolver | undefined;
  /** Runs CPU-heavy work on user input off the main thread; closed with the app. */
  workers: WorkerPool;
}

/**
 * A module's page about a contract, offered on the contract's page to whoever holds `permission`
 * there. The contract's page lists every module's, so it names none of them.
 */
export interface ContractLink {
  /** Under /contracts/:contractId/ (no leading slash). */
  path: string;
  title: string;
  /** What the reader finds there, after the link. */
  about: string;
  permission: Permission;
  /** Where it stands among the links (lower first). */
  order: number;
}

/** What a module's pages and API are registered with, beyond its services. */
export interface WebContext extends ModuleContext {
  /** Served over TLS: cookies are Secure. */
  secure: boolean;
  /** Record every signed-in request (clause B7.1). Only the access benchmark turns it off. */
  recordAccess: boolean;
  /** Every module's contract pages, in order: the contract's page offers them. */
  contractLinks: readonly ContractLink[];
}

/** The tables a module owns: their names for the checks at run time, their types for the compiler. */
export interface TableSet<Tables> {
  readonly names: readonly string[];
  /** Never set: carries the table types to the composed Database type. */
  readonly types?: Tables;
}

/** The tables of a module, every one named (the record makes the compiler check none is missing). */
export const ownTables = <Tables>(names: { readonly [K in keyof Tables]: true }): TableSet<Tables> => ({
  names: Object.keys(names),
});

/** Work a module runs in the server process (timers, workers); stopped in reverse module order. */
export interface BackgroundWork {
  stop(): Promise<void>;
}

/** Output goes through these so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** What a module's commands are given: configuration, the services it declared, output. */
export interface ModuleCliContext<Uses extends ServiceName> {
  config(): Config;
  /** The services the module's CLI declared, on a database whose migrations are all applied. */
  services(): Promise<Pick<ServiceRegistry, Uses>>;
  io: CliIo;
}

/** A module's `custodian …` commands and the services they use. */
export interface ModuleCli<Uses extends ServiceName> {
  uses: readonly Uses[];
  register(program: Command, ctx: ModuleCliContext<Uses>): void;
}

/**
 * A module: one folder under src/modules, described to the composition root by this manifest in
 * its index.ts and added to the app by one line in src/modules.ts. See docs/architecture.md.
 */
export interface ModuleManifest<Own extends ServiceName, Needs extends ServiceName, Tables, Uses extends ServiceName> {
  /** The module's folder name. */
  name: string;
  /** What it is for, in a sentence (docs/architecture.md lists it). */
  about: string;
  /** The tables it owns; its repositories see these and no others. */
  tables: TableSet<Tables>;
  /** Its migrations folder (absolute). */
  migrations: string;
  /** Its templates folder (absolute), holding a sub-folder named after the module. */
  views?: string;
  /** Its permissions and the roles that hold them. */
  permissions: PermissionDefinitions;
  /** The services it provides, by name. */
  provides: readonly Own[];
  /** The services of earlier modules its own are built from. */
  needs: readonly Needs[];
  services(ctx: ModuleContext, needs: Pick<ServiceRegistry, Needs>): Pick<ServiceRegistry, Own>;
  /** Its pages and JSON API (every module's services are built by then). */
  web?: {
    /** Registered before any module's routes: request hooks, decorators, page-wide locals. */
    hooks?(app: FastifyInstance, services: ServiceRegistry, ctx: WebContext): Promise<void>;
    routes(app: FastifyInstance, services: ServiceRegistry, ctx: WebContext): Promise<void>;
  };
  /** Its command-line commands. */
  cli?: ModuleCli<Uses>;
  /** Starts its background work in the server process, after every module's services are built. */
  start?(services: ServiceRegistry, ctx: ModuleContext): Promise<BackgroundWork | undefined>;
  /** Its pages about a contract, linked from the contract's page. */
  contractLinks?: readonly ContractLink[];
  /** The tags its /api/v1 routes use, with their descriptions (the API reference groups by them). */
  apiTags?: readonly { name: string; description: string }[];
}

/** Any module, as the module list holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module has its own type arguments
export type AnyModule = ModuleManifest<any, any, any, any>;

/** Declares a module; the type arguments are inferred from `provides`, `needs`, `tables` and `cli.uses`. */
export function defineModule<
  const Own extends ServiceName,
  const Needs extends ServiceName = never,
  Tables = unknown,
  const Uses extends ServiceName = never,
>(manifest: ModuleManifest<Own, Needs, Tables, Uses>): ModuleManifest<Own, Needs, Tables, Uses> {
  return manifest;
}

/** The table types of a module, for composing the Database type. */
export type TablesOf<M> = M extends { tables: TableSet<infer T> } ? T : never;
