import { CONTRACT_ROLES, ROLE_LABELS } from './roles.ts';
import type { PermissionCatalogue, PermissionScope } from './permissions.ts';

const SCOPE_WORDS: Record<PermissionScope, string> = {
  public: 'anyone',
  pending: 'half signed in',
  'signed-in': 'anyone signed in',
  admin: 'system administrator',
  contract: 'role on the contract',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * The catalogue as a page a reviewer can read (docs/permissions.md): every permission with the
 * module that declares it, how it is checked and who holds it, then which role holds what.
 */
export function permissionsMarkdown(catalogue: PermissionCatalogue): string {
  const lines = [
    '# Permissions',
    '',
    'Every route names one of these permissions; a request without it is refused (deny by default).',
    'Each module declares its own in its manifest (`src/modules/<name>/index.ts`). This page is generated',
    'from them by `npm run docs`, and a test fails when it and the code disagree.',
    '',
    'A system administrator holds every administration permission, and the contract permissions marked',
    'below on every contract; each such use is recorded in the audit log as privileged.',
    '',
    '| permission | module | checked as | held by | system administrator | what it allows |',
    '|---|---|---|---|---|---|',
  ];
  for (const p of catalogue.entries) {
    const holders = p.scope === 'contract' ? (p.roles ?? []).map((r) => ROLE_LABELS[r]).join(', ') || 'no role' : '—';
    const admin = catalogue.systemAdminHolds(p.name) ? 'yes' : p.scope === 'contract' ? 'no' : '—';
    lines.push(`| \`${p.name}\` | ${p.module} | ${SCOPE_WORDS[p.scope]} | ${holders} | ${admin} | ${cell(p.about)} |`);
  }
  const contractScoped = catalogue.entries.filter((p) => p.scope === 'contract');
  lines.push('', '## Contract roles', '', `| permission | ${CONTRACT_ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`);
  lines.push(`|---|${CONTRACT_ROLES.map(() => '---').join('|')}|`);
  for (const p of contractScoped)
    lines.push(
      `| \`${p.name}\` | ${CONTRACT_ROLES.map((r) => (catalogue.rolesGrant([r], p.name) ? 'yes' : '')).join(' | ')} |`,
    );
  return `${lines.join('\n')}\n`;
}
