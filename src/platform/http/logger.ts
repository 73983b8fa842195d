import { REDACTED, redactedUrl, type RoutedRequest } from './redacted-url.ts';

/**
 * Pino options: secrets never reach the log. Cookies, authorization headers, any body field that
 * could hold a password, code or token, and the credentials routes declare in their addresses are redacted.
 */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.confirmPassword',
        '*.code',
        '*.secret',
        '*.token',
        '*._csrf',
        // SMTP credentials, should a settings or transport object ever be logged.
        '*.pass',
        'smtp.password',
        '*.smtp.password',
        '*.*.smtp.password',
      ],
      censor: REDACTED,
    },
    serializers: {
      // Addresses can carry credentials (one-time links, the calendar feed): the route declares them.
      req: (req: RoutedRequest & { method: string; id: string }) => ({
        method: req.method,
        url: redactedUrl(req),
        id: req.id,
      }),
    },
  };
}
