// Jest's own order, plus one note for the global setup: whether this run selected any integration test
// (`*.int.test.ts`). Jest sorts the selected tests before it runs the global setup, in the same process, so the
// setup (packages/db/src/testing/global-setup.js) can skip building the PostgreSQL template database for a run of
// unit tests only: `npm run test:unit`, or `npx jest` on one unit test file, needs no running services.
const Sequencer = require('@jest/test-sequencer').default;

/** Set by the sequencer to '1' or '0'; unset when another sequencer ran (the setup then builds as before). */
const INTEGRATION_SELECTED = 'ALERTS_JEST_INTEGRATION_SELECTED';

class IntegrationAwareSequencer extends Sequencer {
  sort(tests) {
    process.env[INTEGRATION_SELECTED] = tests.some((test) => test.path.endsWith('.int.test.ts')) ? '1' : '0';
    return super.sort(tests);
  }
}

module.exports = IntegrationAwareSequencer;
module.exports.INTEGRATION_SELECTED = INTEGRATION_SELECTED;
