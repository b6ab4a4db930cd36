import { runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startIngester } from './start-ingester';

// `npm start -w @alerts/ingester`: fetches questions when the scheduler says so.
const env = loadEnv();
runProcess({
  name: 'ingester',
  env,
  start: (runtime) =>
    startIngester({
      ...runtime,
      connection: runtime.redis,
      sources: { parliamentApiUrl: env.PARLIAMENT_API_URL, membersApiUrl: env.MEMBERS_API_URL },
      partitions: env.MATCH_PARTITIONS,
    }),
});
