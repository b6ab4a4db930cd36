import { runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMatcherRole } from './matcher-role';

// `npm start -w @alerts/matcher`: one match worker. N of them share the partitions.
const env = loadEnv();
runProcess({ name: 'matcher', env, start: (runtime) => startMatcherRole(runtime, env) });
