import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODULES, PERMISSIONS } from '../src/modules.ts';
import { permissionsMarkdown } from '../src/platform/auth/index.ts';
import { withModuleTable } from '../src/platform/modules/index.ts';

/**
 * `npm run docs`: writes what the docs say about the code from the code itself: docs/permissions.md
 * (the permission catalogue) and the module table in docs/architecture.md. A test fails when
 * either is out of date.
 */
const doc = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
fs.writeFileSync(doc('permissions.md'), permissionsMarkdown(PERMISSIONS));
fs.writeFileSync(doc('architecture.md'), withModuleTable(fs.readFileSync(doc('architecture.md'), 'utf8'), MODULES));
console.log('wrote docs/permissions.md and the module table of docs/architecture.md');
