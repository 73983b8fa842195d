export { createSmtpMailer, type Mailer, type OutgoingEmail, type SmtpMailerSettings } from './mailer.ts';
