import { STORAGE_SETTINGS_SQL } from '@alerts/db';
import { FOLLOWABLE_STATES_SQL } from './followable-states';

describe('waiting questions', () => {
  it('are filtered with the very list the partial index of waiting questions is built on, so queries can use it', () => {
    const index = STORAGE_SETTINGS_SQL.find((sql) => sql.includes('"Question_waiting_idx"'));
    expect(index).toContain(`WHERE state IN (${FOLLOWABLE_STATES_SQL});`);
  });
});
