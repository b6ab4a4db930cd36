import pino, { type Logger } from 'pino';

/** Keys whose values are personal data or secrets, wherever they appear (one or two levels deep). */
const SENSITIVE = [
  'email',
  'recipientEmail',
  'to',
  'token',
  'password',
  'passwordHash',
  'authorization',
  'cookie',
  'smtpUrl',
];
const paths = SENSITIVE.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/g;
const TOKEN_URL = /\/(confirm|manage|unsubscribe|feed)\/[\w-]+\.[\w-]+/g;

/** Masks emails and token links inside free text (error messages often quote them). */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(TOKEN_URL, '/$1/[token]');
}

/** A JSON logger for a process; child loggers per job add `jobId` etc. */
export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<
            typeof method
          >;
          method.apply(this, redacted);
        },
      },
      serializers: {
        err: (error: Error) => ({
          type: error.name,
          message: redactText(error.message),
          code: (error as { code?: string }).code,
        }),
      },
    },
    options.destination,
  );
}

export type { Logger };
