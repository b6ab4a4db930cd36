import { createParliamentSource } from './parliament/parliament-source';
import { createSampleSource } from './sample/sample-source';
import type { QuestionSource } from './source';
import type { SourceName } from './source-names';

const OFFICIAL_QUESTIONS_API = 'https://questions-statements-api.parliament.uk';
const OFFICIAL_MEMBERS_API = 'https://members-api.parliament.uk';

export interface SourceSettings {
  /** Written Questions API base URL; unset means offline, and the sample is the default source. */
  parliamentApiUrl?: string | undefined;
  membersApiUrl?: string | undefined;
  onRetry?: (message: string) => void;
}

/** A source by name, configured from settings the caller parsed from its environment. */
export function createSource(name: SourceName, settings: SourceSettings): QuestionSource {
  if (name === 'sample') return createSampleSource();
  return createParliamentSource({
    baseUrl: settings.parliamentApiUrl ?? OFFICIAL_QUESTIONS_API,
    membersBaseUrl: settings.membersApiUrl ?? OFFICIAL_MEMBERS_API,
    onRetry: ({ url, attempt, waitMs, reason }) =>
      settings.onRetry?.(`retry ${attempt} of ${url} in ${Math.round(waitMs / 100) / 10} s (${reason})`),
  });
}
