// Shared by Jest's global setup (plain Node) and the test helpers: the template database's name is a hash of
// the schema and migrations, so concurrent test runs share one template and a changed migration builds a new one.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');

const PRISMA_DIR = path.join(__dirname, '..', '..', 'prisma');

function templateDatabaseName() {
  const hash = createHash('sha256');
  const migrations = path.join(PRISMA_DIR, 'migrations');
  for (const name of readdirSync(migrations).sort()) {
    const file = path.join(migrations, name, 'migration.sql');
    if (statSync(path.join(migrations, name)).isDirectory()) hash.update(name).update(readFileSync(file));
  }
  return `alerts_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** The server the tests use: TEST_DATABASE_URL, else the local default. The database part is replaced per test. */
function testServerUrl() {
  return process.env.TEST_DATABASE_URL || 'postgresql://root@127.0.0.1:5432/postgres';
}

function withDatabase(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

module.exports = { templateDatabaseName, testServerUrl, withDatabase };
