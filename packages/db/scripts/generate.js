// `prisma generate` refuses to start without a schema-engine binary path, though generating never runs it.
// Point it at any existing file (node itself) so no download is attempted: this works offline.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
