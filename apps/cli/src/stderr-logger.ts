/** A pino-shaped logger for the foreground CLI: warnings as readable lines on stderr. */
export const stderrLogger = {
  info: () => {},
  warn: (_fields: object, message: string) => process.stderr.write(`warning: ${message}\n`),
};
