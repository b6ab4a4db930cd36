import type { MailTransportOptions, OutgoingMessage } from '@alerts/email/transports';
import type { SentRecord } from '@alerts/send-and-record';

/** What the sender thread is started with (structured-cloneable). */
export interface SenderThreadData {
  transport: MailTransportOptions;
  databaseUrl: string;
  /** Database connections: one per message that can be in flight. */
  poolSize: number;
  /** Its connections' application_name (see createSqlPool). */
  applicationName: string;
}

export type SenderRequest = { id: number; message: OutgoingMessage; record: SentRecord } | { id: number; close: true };

/** Where a request failed: the send (nothing recorded) or the statement after an accepted send. */
export type SenderReply =
  /** The first (id 0, the thread is ready) carries what to warn of its connections' settings (sessionSettingsWarnings). */
  | { id: number; ok: true; warnings?: string[] }
  | {
      id: number;
      ok: false;
      stage: 'send' | 'record';
      error: { message: string; code?: string; responseCode?: number };
    };
