export { createDb, sqlPoolOf } from './create-db';
export type { Db, CreateDbOptions } from './create-db';
export { createSqlPool, sessionSettingsWarnings } from './create-sql-pool';
export type { CreateSqlPoolOptions } from './create-sql-pool';
export { migrate } from './migrate';
export { assertDatabaseReady } from './assert-database-ready';
export type { MigrateResult } from './migrate';
export { schemaToSql } from './diff-schema';
export { ensureDatabase } from './ensure-database';
export { ActionableError, describeUrl, explainDatabaseError } from './errors';
export { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';
export { Prisma } from './generated/prisma/client';
export {
  BounceKind,
  DeliveryKind,
  DeliveryStatus,
  Frequency,
  House,
  IngestRunStatus,
  QuestionEventKind,
  QuestionState,
  SubscriberStatus,
} from './generated/prisma/enums';
export type {
  AdminUser,
  AnsweringBody,
  AnswerVote,
  AuditLog,
  BounceEvent,
  Delivery,
  IngestRun,
  Match,
  Member,
  Question,
  QuestionEvent,
  Subscriber,
  Subscription,
  Suppression,
  WorkerHeartbeat,
} from './generated/prisma/client';
export { STORAGE_SETTINGS_SQL } from './storage-settings';
