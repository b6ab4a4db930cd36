// Root Jest: one run over every workspace, each a project using the shared preset (packages/jest-presets).
const fs = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'packages', 'workers'].flatMap((dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => fs.existsSync(path.join(dir, name, 'jest.config.js')))
        .map((name) => `<rootDir>/${dir}/${name}`)
    : [],
);

module.exports = {
  projects,
  // A guard against hangs, not a speed check: integration tests clone databases and spawn the CLI on 2 shared cores.
  testTimeout: 60_000,
  // Builds the migrated template database that integration tests clone (packages/db/src/testing), when the run
  // selected any: the sequencer notes that before the setup runs.
  globalSetup: '<rootDir>/packages/db/src/testing/global-setup.js',
  testSequencer: '<rootDir>/packages/jest-presets/test-sequencer.js',
};
