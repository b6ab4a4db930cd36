export { ingest } from './ingest';
export type { IngestLogger, IngestOptions, IngestSummary } from './ingest';
export { storeBatch } from './store-batch';
export type { BatchCounts } from './store-batch';
export { storeMembers } from './store-members';
export { classifyChange } from './transitions';
export type { Change, StoredQuestion } from './transitions';
export { addDays, checkDate, nextWindow, ukToday } from './dates';
