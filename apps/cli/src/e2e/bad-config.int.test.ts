import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './role-process';

// A worker started with a bad setting, as an operator starts it (`npm start -w @alerts/<role>`): it says which
// variable is wrong and why, under its own name, and exits 1; no stack trace for the operator to read through.

const start = (role: string, env: Record<string, string>) =>
  spawnSync('npm', ['start', '--silent', '-w', `@alerts/${role}`], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

it('a matcher given a partition the deployment does not have refuses to start, naming it', () => {
  const run = start('matcher', { MATCH_PARTITIONS: '4', MATCHER_PARTITIONS: '2,5' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    'matcher: Invalid configuration:\n  MATCHER_PARTITIONS: partitions are numbered 0 to 3 (MATCH_PARTITIONS=4); got 5',
  );
  expect(run.stderr).not.toMatch(/\n\s+at /);
}, 60_000);

it('a mailer with two bad settings names both', () => {
  const run = start('mailer', { SMTP_URL: 'mail.example.org', MAILER_CONCURRENCY: 'many' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('mailer: Invalid configuration:');
  expect(run.stderr).toContain('SMTP_URL: must start with smtp:// or smtps://');
  expect(run.stderr).toContain('MAILER_CONCURRENCY:');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}, 60_000);
