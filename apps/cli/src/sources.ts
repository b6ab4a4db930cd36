import { createParliamentSource, createSampleSource, type QuestionSource } from '@alerts/sources';
import type { CliEnv } from './env';

export const OFFICIAL_QUESTIONS_API = 'https://questions-statements-api.parliament.uk';
export const OFFICIAL_MEMBERS_API = 'https://members-api.parliament.uk';
export type SourceName = 'parliament' | 'sample';

/** No PARLIAMENT_API_URL configured means offline: the bundled sample is the default source. */
export function defaultSourceName(env: CliEnv): SourceName {
  return env.PARLIAMENT_API_URL ? 'parliament' : 'sample';
}

export function createSource(name: SourceName, env: CliEnv, onRetry?: (message: string) => void): QuestionSource {
  if (name === 'sample') return createSampleSource();
  return createParliamentSource({
    baseUrl: env.PARLIAMENT_API_URL ?? OFFICIAL_QUESTIONS_API,
    membersBaseUrl: env.MEMBERS_API_URL ?? OFFICIAL_MEMBERS_API,
    onRetry: ({ url, attempt, waitMs, reason }) => onRetry?.(`retry ${attempt} of ${url} in ${Math.round(waitMs / 100) / 10} s (${reason})`),
  });
}
