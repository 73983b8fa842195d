import type { AnyModule } from './manifest.ts';

export const MODULE_TABLE_START = '<!-- module-list:start (npm run docs) -->';
export const MODULE_TABLE_END = '<!-- module-list:end -->';

/** The module list as a table for docs/architecture.md: what each is for, owns, provides and needs. */
export function moduleTableMarkdown(modules: readonly AnyModule[]): string {
  const code = (names: readonly string[]) => (names.length ? names.map((n) => `\`${n}\``).join(', ') : '—');
  const rows = modules.map(
    (m) =>
      `| \`${m.name}\` | ${m.about} | ${code(m.tables.names)} | ${code(m.provides)} | ${code(m.needs)} | ${code(
        Object.keys(m.permissions),
      )} |`,
  );
  return [
    '| module | what it is for | tables it owns | services it provides | services it needs | permissions |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `doc` with the text between the module-list markers replaced by the table. */
export function withModuleTable(doc: string, modules: readonly AnyModule[]): string {
  const start = doc.indexOf(MODULE_TABLE_START);
  const end = doc.indexOf(MODULE_TABLE_END);
  if (start < 0 || end < start) throw new Error('the module-list markers are missing');
  return `${doc.slice(0, start + MODULE_TABLE_START.length)}\n${moduleTableMarkdown(modules)}\n${doc.slice(end)}`;
}
