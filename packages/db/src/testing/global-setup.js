// Jest global setup: build the migrated template database once per schema version (about 2 s), so each test
// file can clone a fresh, isolated database from it in a fraction of a second. Skipped when the run selected no
// integration test (`*.int.test.ts`), as the root config's sequencer notes, so unit tests need no PostgreSQL.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const { INTEGRATION_SELECTED } = require('@alerts/jest-presets/test-sequencer');
const { templateDatabaseName, testServerUrl, withDatabase } = require('./template-name');

const CLI = path.join(__dirname, '..', '..', '..', '..', 'apps', 'cli', 'bin', 'alerts.js');

module.exports = async function globalSetup() {
  if (process.env[INTEGRATION_SELECTED] === '0') return;
  const template = templateDatabaseName();
  const admin = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Tests need PostgreSQL at ${testServerUrl()} (${error.code || error.message}). Start it, or set TEST_DATABASE_URL.`,
      { cause: error },
    );
  }
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount) return;
    // Build under a scratch name and rename when complete, so a concurrent run never clones a half-built template.
    const scratch = `${template}_build_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}"`);
    execFileSync(process.execPath, [CLI, 'db', 'migrate'], {
      env: { ...process.env, DATABASE_URL: withDatabase(testServerUrl(), scratch) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      await admin.query(`ALTER DATABASE "${scratch}" RENAME TO "${template}"`);
    } catch (error) {
      if (error.code !== '42P04') throw error; // another run finished first: use theirs
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}"`);
    }
  } finally {
    await admin.end();
  }
};
