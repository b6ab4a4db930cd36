import { loadEnvOrExit, runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMatcherRole } from './matcher-role';

// `npm start -w @alerts/matcher`: one match worker. N of them share the partitions, or each takes its own
// (MATCHER_PARTITIONS) and holds only their indexes.
const env = loadEnvOrExit('matcher', loadEnv);
runProcess({
  name: 'matcher',
  env,
  start: (runtime) => startMatcherRole(runtime, env),
  describe: { partitions: env.MATCHER_PARTITIONS ?? `all ${env.MATCH_PARTITIONS}` },
});
