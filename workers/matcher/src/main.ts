import { runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMatcher } from './start-matcher';

// `npm start -w @alerts/matcher`: one match worker. N of them share the partitions.
runProcess({ name: 'matcher', env: loadEnv(), start: (runtime) => startMatcher({ ...runtime, connection: runtime.redis }) });
