export { recordSent, recordSentGroup } from './record-sent';
export type { FollowProgress, SentRecord, SqlClient, SqlPool } from './record-sent';
export { createSendAndRecord, SentNotRecordedError } from './send-and-record';
export type { SendAndRecord } from './send-and-record';
