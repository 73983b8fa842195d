export { loadConfig, ConfigError, ENVIRONMENT, type Config } from './config.ts';
