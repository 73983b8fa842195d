import type { AnyModule, ModuleContext, ServiceRegistry } from './manifest.ts';

/**
 * Checks the module list before anything is built: each module named once, each table owned by
 * one module, each service provided by one.
 */
export function checkModules(modules: readonly AnyModule[]): void {
  const seen = { module: new Set<string>(), table: new Map<string, string>(), service: new Map<string, string>() };
  for (const m of modules) {
    if (seen.module.has(m.name)) throw new Error(`Module ${m.name} is listed twice`);
    seen.module.add(m.name);
    for (const table of m.tables.names) {
      const owner = seen.table.get(table);
      if (owner) throw new Error(`Table ${table} is owned by ${owner} and by ${m.name}`);
      seen.table.set(table, m.name);
    }
    for (const service of m.provides as readonly string[]) {
      const provider = seen.service.get(service);
      if (provider) throw new Error(`Service ${service} is provided by ${provider} and by ${m.name}`);
      seen.service.set(service, m.name);
    }
  }
}

/**
 * Builds every module's services in list order. Each factory is given only the services it names
 * in `needs`, which earlier modules must provide, and must return exactly the ones it `provides`.
 */
export function composeServices(modules: readonly AnyModule[], ctx: ModuleContext): ServiceRegistry {
  checkModules(modules);
  const registry: Record<string, unknown> = {};
  for (const m of modules) {
    const needs: Record<string, unknown> = {};
    for (const name of m.needs as readonly string[]) {
      if (!(name in registry)) throw new Error(`Module ${m.name} needs ${name}, which no module before it provides`);
      needs[name] = registry[name];
    }
    const built = m.services(ctx, needs as never) as Record<string, unknown>;
    const provides = m.provides as readonly string[];
    const made = Object.keys(built);
    const missing = provides.filter((p) => !made.includes(p));
    const extra = made.filter((p) => !provides.includes(p));
    if (missing.length || extra.length)
      throw new Error(
        `Module ${m.name} provides ${made.join(', ') || 'nothing'}, but declares ${provides.join(', ') || 'nothing'}`,
      );
    Object.assign(registry, built);
  }
  return registry as unknown as ServiceRegistry;
}

/** Every module's migrations folder. */
export const migrationFolders = (modules: readonly AnyModule[]): string[] => modules.map((m) => m.migrations);
