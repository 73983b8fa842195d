import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../db/index.ts';
import { ManualClock } from '../kernel/index.ts';
import { composeServices } from './compose.ts';
import type { AnyModule, ModuleContext } from './manifest.ts';

const ctx = {
  config: {},
  clock: new ManualClock(),
  uow: {} as UnitOfWork,
  log: { info() {}, warn() {}, error() {} },
} as unknown as ModuleContext;

/** A module of made-up services: no database, no routes. */
const aModule = (name: string, provides: string[], needs: string[], build = (n: Record<string, unknown>) => n) =>
  ({
    name,
    about: name,
    tables: { names: [`${name}_table`] },
    migrations: `/nowhere/${name}`,
    permissions: {},
    provides,
    needs,
    services: (_ctx: ModuleContext, given: Record<string, unknown>) =>
      Object.fromEntries(provides.map((p) => [p, { from: name, given: build(given) }])),
  }) as unknown as AnyModule;

describe('composing modules', () => {
  it('builds services in list order, giving each factory exactly the services it names', () => {
    const seen: Record<string, string[]> = {};
    const services = composeServices(
      [
        aModule('a', ['alpha'], []),
        aModule('b', ['beta'], ['alpha'], (n) => ((seen.b = Object.keys(n)), n)),
        aModule('c', ['gamma'], ['beta'], (n) => ((seen.c = Object.keys(n)), n)),
      ],
      ctx,
    ) as unknown as Record<string, { from: string }>;
    expect(Object.keys(services)).toEqual(['alpha', 'beta', 'gamma']);
    expect(seen).toEqual({ b: ['alpha'], c: ['beta'] });
  });

  it('refuses a module that needs a service no module before it provides', () => {
    expect(() => composeServices([aModule('b', ['beta'], ['alpha']), aModule('a', ['alpha'], [])], ctx)).toThrow(
      'Module b needs alpha, which no module before it provides',
    );
  });

  it('refuses a module whose factory does not build what it declares', () => {
    const liar = { ...aModule('a', ['alpha'], []), services: () => ({ other: 1 }) } as unknown as AnyModule;
    expect(() => composeServices([liar], ctx)).toThrow('Module a provides other, but declares alpha');
  });

  it('refuses two modules of one name, one table or one service', () => {
    expect(() => composeServices([aModule('a', ['x'], []), aModule('a', ['y'], [])], ctx)).toThrow('listed twice');
    const sameTable = { ...aModule('b', ['y'], []), tables: { names: ['a_table'] } } as unknown as AnyModule;
    expect(() => composeServices([aModule('a', ['x'], []), sameTable], ctx)).toThrow(
      'Table a_table is owned by a and by b',
    );
    expect(() => composeServices([aModule('a', ['x'], []), aModule('b', ['x'], [])], ctx)).toThrow(
      'Service x is provided by a and by b',
    );
  });
});
