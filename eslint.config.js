// ESLint: typescript-eslint's recommended rules, Prettier's formatting left to Prettier, and the
// boundaries of the modular monolith (docs/architecture.md) as rules, so a crossing fails `npm test`.
import fs from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Every module folder. A module's files import another module only through that module's index.ts.
const modules = fs
  .readdirSync('src/modules', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const moduleZones = modules.map((name) => ({
  target: `./src/modules/${name}`,
  from: './src/modules',
  except: [`./${name}`, ...modules.filter((other) => other !== name).map((other) => `./${other}/index.ts`)],
  message: 'Reach another module only through its index.ts.',
}));

// The benchmarks are left out on purpose: they measure a module's internals against raw baselines.
const outsideZones = [
  './src/app.ts',
  './src/main.ts',
  './src/modules.ts',
  './src/cli',
  './test',
  './e2e',
  './scripts',
].map((target) => ({
  target,
  from: './src/modules',
  except: modules.map((name) => `./${name}/index.ts`),
  message: 'Reach a module only through its index.ts.',
}));

const platformZone = {
  target: './src/platform',
  from: ['./src/modules', './src/modules.ts', './src/cli', './src/app.ts', './src/main.ts'],
  message: 'platform/ is domain-free: it names no module, and modules are given to it by the composition root.',
};

// A module knows the platform and other modules' index.ts, never the composition root that lists it.
const compositionZone = {
  target: './src/modules',
  from: ['./src/modules.ts', './src/cli', './src/app.ts', './src/main.ts'],
  message:
    'A module does not import the composition root (src/app.ts, src/modules.ts, src/cli): it is given what it needs.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.build/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.js', '.mjs'] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...moduleZones, ...outsideZones, platformZone] }],
      // A module adds its permissions to the registry by an interface that only extends (declaration merging).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Control characters in patterns are deliberate here: input guards, signed notes and canonical JSON refuse them.
      'no-control-regex': 'off',
    },
  },
  {
    // Migrations take Kysely<any> (they are frozen and must not depend on today's table types), and
    // platform/db is generic over whichever tables the modules declare; the benchmarks make throwaway tables.
    files: ['src/**/migrations/**', 'src/platform/db/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A module's own code is given its services; its tests may build the whole app to test it through.
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [...moduleZones, ...outsideZones, platformZone, compositionZone] },
      ],
    },
  },
  {
    // Services, repositories and schemas know no HTTP: adapters call them (the command line too).
    files: ['src/modules/**/*.{service,repository,schemas,store,tables}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/http/*', 'fastify', '@fastify/*'],
              message: 'Services do not import the HTTP layer; validation lives in platform/validation.',
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration comes from the environment in one place only (src/config), parsed and frozen.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in src/config (loadConfig).' },
      ],
    },
  },
  { files: ['src/platform/views/public/**'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
