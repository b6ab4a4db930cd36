import fs from 'node:fs';
import { startDeployment, type Deployment } from './deployment';

// A mailer started as deployed, once with the database as it should be and once as behind a pooler that replaced the
// connections' startup options (here by an `options` parameter in DATABASE_URL, which wins as a pooler's own would):
// the second warns, for its main pool and for its sender thread's, and says what to do; the first says nothing.

let deployment: Deployment;

beforeEach(async () => {
  deployment = await startDeployment({ area: 'session-settings', env: {} });
}, 60_000);
afterEach(() => deployment.close(), 60_000);

const warnings = (logFile: string) =>
  fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('did not get the settings'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

it('a mailer whose connections lost their settings warns at start, naming each pool and setting', async () => {
  const url = new URL(deployment.t.url);
  url.searchParams.set('options', '-c jit=on');
  const [plain, replaced] = [
    deployment.start('mailer', 'mailer'),
    deployment.start('mailer', 'mailer-behind-a-pooler', { DATABASE_URL: url.toString() }),
  ];
  await Promise.all([plain.started, replaced.started]);
  expect(warnings(plain.logFile)).toEqual([]);
  const said = warnings(replaced.logFile);
  expect(said).toHaveLength(2);
  expect(said[0]).toMatch(
    /^database connections of the mailer process did not get the settings .*\(jit is on, not off\)/,
  );
  expect(said[1]).toMatch(
    /^database connections of the sender thread did not get .*\(jit is on, not off; plan_cache_mode is auto, not force_generic_plan\)/,
  );
  expect(said[1]).toMatch(/Set them for the database instead/);
}, 120_000);
