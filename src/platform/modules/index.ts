export * from './manifest.ts';
export { checkModules, composeServices, migrationFolders } from './compose.ts';
export { moduleTableMarkdown, withModuleTable } from './modules-doc.ts';
