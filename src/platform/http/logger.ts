/**
 * Pino options: secrets never reach the log. Cookies, authorization headers, and any body field that
 * could hold a password, code or token are redacted.
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
      censor: '[redacted]',
    },
    serializers: {
      // Paths can carry one-time tokens (/setup/<token>, /activate/<token>).
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.replace(/\/(setup|activate)\/[^/?]+/, '/$1/[redacted]'),
        id: req.id,
      }),
    },
  };
}
