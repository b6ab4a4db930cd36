export { EnvError, parseEnv } from './parse-env';
export { DEFAULT_DATABASE_URL, databaseUrl, redisUrl, httpUrl, logLevel, port } from './schemas';
export { pipelineEnvShape, tokenSecretFrom } from './pipeline-env';
export type { PipelineEnv } from './pipeline-env';
export { dkimEnvShape } from './dkim-env';
export { dkimSettingsFrom, type DkimEnv, type DkimEnvSettings } from './dkim-settings-from';
export { assertProductionMailSettings, type ProductionMailEnv } from './assert-production-mail-settings';
export { bounceEnvShape, softBouncePolicyFrom, type SoftBouncePolicy } from './bounce-env';
