// Compiles Custodian's stylesheet (GOV.UK Frontend with a system font) into .build/assets.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.build/assets');
const source = path.join(root, 'src/platform/views/styles/custodian.scss');
const target = path.join(out, 'custodian.css');

const newest = (dir: string): number =>
  Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
if (fs.existsSync(target) && fs.statSync(target).mtimeMs > newest(path.dirname(source))) process.exit(0);

fs.mkdirSync(out, { recursive: true });
const result = sass.compile(source, {
  loadPaths: [path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
fs.writeFileSync(target, result.css);
console.log(`built ${path.relative(root, target)} (${result.css.length} bytes)`);
