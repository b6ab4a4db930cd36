import {
  createSource as create,
  defaultSourceName as defaultName,
  SOURCE_NAMES,
  type QuestionSource,
  type SourceName,
} from '@alerts/sources';
import type { CliEnv } from './env';

export { SOURCE_NAMES, type SourceName };

export function defaultSourceName(env: CliEnv): SourceName {
  return defaultName({ parliamentApiUrl: env.PARLIAMENT_API_URL });
}

export function createSource(name: SourceName, env: CliEnv, onRetry?: (message: string) => void): QuestionSource {
  return create(name, { parliamentApiUrl: env.PARLIAMENT_API_URL, membersApiUrl: env.MEMBERS_API_URL, onRetry });
}
