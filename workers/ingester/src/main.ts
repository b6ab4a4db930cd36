import { loadEnvOrExit, runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startIngesterRole } from './ingester-role';

// `npm start -w @alerts/ingester`: fetches questions (and sweeps for unannounced matches) when the scheduler says so.
const env = loadEnvOrExit('ingester', loadEnv);
runProcess({ name: 'ingester', env, start: (runtime) => startIngesterRole(runtime, env) });
