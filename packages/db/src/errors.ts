/**
 * An error a person can act on: `message` says what went wrong, `hint` what to do about it.
 * The CLI prints both and exits non-zero.
 */
export class ActionableError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ActionableError';
  }
}

const START_POSTGRES =
  'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
  'or `docker compose -f infra/docker-compose.yml up -d`, or set DATABASE_URL';

/** Turn low-level connection failures into messages that say which server and what to do. */
export function explainDatabaseError(error: unknown, databaseUrl: string): unknown {
  const code = (error as { code?: string } | null)?.code;
  const where = describeUrl(databaseUrl);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN') {
    return new ActionableError('DB_UNREACHABLE', `PostgreSQL is not reachable at ${where} (${code})`, START_POSTGRES);
  }
  if (code === '28000' || code === '28P01') {
    return new ActionableError(
      'DB_AUTH',
      `PostgreSQL refused the login for ${where}`,
      'check the user and password in DATABASE_URL',
    );
  }
  return error;
}

/** host:port/database without the password, for messages and logs. */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
