import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { ukToday } from '@alerts/sources';
import { recordedResponses, startFixtureApi } from '@alerts/sources/testing';
import { Client } from 'pg';

// The CLI as a user runs it: a real process, a real PostgreSQL, a database that does not exist yet.
const CLI = path.join(__dirname, '..', '..', 'bin', 'alerts.js');
const server = process.env.TEST_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const run = promisify(execFile);

async function alerts(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const name = `alerts_cli_${randomBytes(5).toString('hex')}`;
const url = new URL(server);
url.pathname = `/${name}`;
const DATABASE_URL = url.toString();

afterAll(async () => {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe('alerts db migrate and alerts ingest', () => {
  it('refuses to ingest into a database that does not exist, saying what to run', async () => {
    const result = await alerts(['ingest', '--source', 'sample'], { DATABASE_URL });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`database 127.0.0.1:5432/${name} does not exist`);
    expect(result.stderr).toContain('npx alerts db migrate');
  });

  it('creates and migrates an empty database, then finds nothing to do', async () => {
    const first = await alerts(['db', 'migrate'], { DATABASE_URL });
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/Created database .*\nApplied \d+ migration\(s\) to .*: 20261126000000_init, /);
    const second = await alerts(['db', 'migrate'], { DATABASE_URL });
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toMatch(/is up to date; nothing to apply/);
  });

  it('loads the sample, then reports nothing new on a second run', async () => {
    const first = await alerts(['ingest', '--source', 'sample'], { DATABASE_URL });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Ingested from sample: fetched 11075, new 11075, updated 0, unchanged 0, skipped as bad 0 \(quarantined 0\); retried from quarantine 0, resolved 0; newly answered 10709/,
    );
    const second = await alerts(['ingest'], { DATABASE_URL }); // sample is the default with no PARLIAMENT_API_URL
    expect(second.stdout).toMatch(
      /^Ingested from sample: fetched 11075, new 0, updated 0, unchanged 11075, skipped as bad 0 \(quarantined 0\); retried from quarantine 0, resolved 0; newly answered 0/,
    );
  });

  it('fails (exit 1) a run that rejects too many records, saying how many and why, after storing the good ones (one here, already stored from the sample: updated)', async () => {
    // Five questions answered today; the API sends four of them with a date in a format the normaliser refuses.
    const today = ukToday();
    const { list, details } = recordedResponses();
    type Item = { value: Record<string, unknown>; links?: unknown };
    const answeredToday = (item: Item): Item => ({
      ...item,
      value: { ...item.value, dateAnswered: `${today}T00:00:00` },
    });
    const items = list.slice(0, 5).map(answeredToday);
    const served = new Map<number, Item>();
    items.forEach((item, n) => {
      const detail = answeredToday(details.get(item.value.id as number)!);
      served.set(
        item.value.id as number,
        n === 0 ? detail : { ...detail, value: { ...detail.value, dateTabled: '30/08/2024' } },
      );
    });
    const api = await startFixtureApi({ list: items, details: served });
    try {
      const result = await alerts(['ingest', '--source', 'parliament'], {
        DATABASE_URL,
        PARLIAMENT_API_URL: api.baseUrl,
        MEMBERS_API_URL: api.baseUrl,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^Failed run ingested from parliament \S+: fetched 5, new 0, updated 1, unchanged 0, skipped as bad 4 \(quarantined 4\);/,
      );
      expect(result.stderr).toMatch(
        /alerts: rejected 4 of 5 records fetched \(the limit is 5% and at least 3\): \d+: dateTabled: expected a date/,
      );
      expect(result.stderr).toContain('the watermark stays at (unset), so the next run fetches this window again');
    } finally {
      await api.close();
    }
  });

  it('saves an alert that also announces questions when asked only with --include-tabled', async () => {
    const add = (email: string, ...flags: string[]) =>
      alerts(['subscriptions', 'add', '--email', email, '--query', 'medical school', '--confirmed', ...flags], {
        DATABASE_URL,
      });
    expect(await add('campaigner@example.org', '--include-tabled')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('confirmed'),
    });
    expect(await add('reader@example.org')).toMatchObject({ code: 0 });
    const list = await alerts(['subscriptions', 'list'], { DATABASE_URL });
    const lines = list.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(lines.map((fields) => [fields[1], fields.slice(4)])).toEqual([
      ['campaigner@example.org', ['medical school', '+tabled']],
      ['reader@example.org', ['medical school']],
    ]);
  });

  it('refuses a webhook at a private address, naming the setting an operator can allow it with', async () => {
    // The operator's words (the web words the same refusal for the public, without the setting's name).
    const refused = await alerts(
      [
        'subscriptions',
        'add',
        '--email',
        'ops@example.org',
        '--query',
        'schools',
        '--confirmed',
        '--webhook',
        'https://10.0.0.1/hook',
      ],
      { DATABASE_URL, WEBHOOK_ALLOW_HOSTS: '' },
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        '10.0.0.1 is a private, loopback or reserved address (10.0.0.1); an operator can allow it with WEBHOOK_ALLOW_HOSTS',
      ),
    });
  });

  it('rejects bad arguments and configuration with a message and exit code 1', async () => {
    expect(await alerts(['ingest', '--from', '2024-02-30', '--to', '2024-03-01'], { DATABASE_URL })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"2024-02-30" is not a real calendar date'),
    });
    expect(await alerts(['ingest', '--from', '2024-03-01'], { DATABASE_URL })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--from and --to go together'),
    });
    expect(await alerts(['ingest', '--source', 'hansard'], { DATABASE_URL })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Allowed choices are parliament, sample'),
    });
    expect(await alerts(['db', 'migrate'], { DATABASE_URL: 'mysql://localhost/x' })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DATABASE_URL: must be a URL starting with postgresql://'),
    });
    const down = await alerts(['db', 'migrate'], { DATABASE_URL: 'postgresql://root@127.0.0.1:1/x' });
    expect(down).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('PostgreSQL is not reachable at 127.0.0.1:1/x (ECONNREFUSED)'),
    });
    expect(down.stderr).toContain('pg_ctlcluster');
  });
});
