import { createLogger, type Logger } from '@alerts/logger';

/** A real pino logger whose JSON lines are kept in `lines` for a test to read. */
export function capturedLogger(name = 'test'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name,
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}
