import { parseEnv } from '@alerts/config';
import { assertDatabaseReady, createDb, type Db } from '@alerts/db';
import { normaliseEmail } from '@alerts/subscriptions';
import { hashPassword } from '@alerts/tokens';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadEnv } from '../env';

/** Long enough that guessing it online is hopeless even before the login rate limit. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

const passwordEnv = z.object({ ALERTS_ADMIN_PASSWORD: z.string().optional() });

/** Why `password` is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_ADMIN_PASSWORD_LENGTH)
    return `the password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters long`;
  if (password.length > 1024) return 'the password must be at most 1024 characters long';
  return null;
}

/**
 * The password: ALERTS_ADMIN_PASSWORD (scripts, CI), else asked twice on a terminal with echo off. Refuses to read
 * a password from piped stdin, which would end up in shell history or logs more often than not.
 */
export async function readAdminPassword(options: {
  env: Record<string, string | undefined>;
  isTty: boolean;
  ask: (prompt: string) => Promise<string>;
}): Promise<string> {
  const fromEnv = parseEnv(passwordEnv, options.env).ALERTS_ADMIN_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!options.isTty)
    throw new Error('set ALERTS_ADMIN_PASSWORD, or run this in a terminal to be asked for the password');
  const first = await options.ask('Password: ');
  const second = await options.ask('Password again: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

/** Create the admin, or with `reset` set a new password for an existing one. */
export async function createAdmin(db: Db, input: { email: string; password: string; reset?: boolean }) {
  const email = normaliseEmail(input.email);
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem);
  const passwordHash = await hashPassword(input.password);
  const existing = await db.adminUser.findUnique({ where: { email } });
  if (existing && !input.reset)
    throw new Error(`an administrator ${email} already exists (use --reset-password to change the password)`);
  return existing
    ? { admin: await db.adminUser.update({ where: { email }, data: { passwordHash } }), created: false }
    : { admin: await db.adminUser.create({ data: { email, passwordHash } }), created: true };
}

/** Read one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function register(program: Command): void {
  const admin = program.command('admin').description('Administrators of the web app (/admin)');
  admin
    .command('create <email>')
    .description('Create an administrator; the password comes from ALERTS_ADMIN_PASSWORD or is asked for')
    .option('--reset-password', 'set a new password for an existing administrator')
    .action(async (email: string, opts: { resetPassword?: boolean }) => {
      const env = loadEnv();
      const password = await readAdminPassword({
        env: process.env,
        isTty: Boolean(process.stdin.isTTY),
        ask: askHidden,
      });
      await assertDatabaseReady(env.DATABASE_URL);
      const db = createDb({ url: env.DATABASE_URL, applicationName: 'alerts-cli' });
      try {
        const { admin: created, created: isNew } = await createAdmin(db, {
          email,
          password,
          reset: opts.resetPassword === true,
        });
        process.stdout.write(
          `${isNew ? 'Created' : 'Updated'} administrator ${created.email}. Log in at ${env.PUBLIC_BASE_URL}/admin/login\n`,
        );
      } finally {
        await db.$disconnect();
      }
    });
}
