export { loadConfig, ConfigError, ENVIRONMENT, type Config, type SmtpSettings } from './config.ts';
