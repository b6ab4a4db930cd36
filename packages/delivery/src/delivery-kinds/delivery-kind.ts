import type { DeliverJob } from '@alerts/queue';
import type { DeliverDeps } from '../deliver';
import type { SentRecord, SqlClient } from '../delivery-store';
import type { ChannelMessage, SentRecordDraft } from '../notifiers';

export type DeliveryKindName = DeliverJob['kind'];
export type JobOf<K extends DeliveryKindName> = Extract<DeliverJob, { kind: K }>;

/** The planned Delivery row a kind works for. */
export interface PlannedRow {
  deliveryId: string;
  dedupeKey: string;
  /** The address on the row: a goodbye's (its subscriber is gone), '' once erased. */
  email: string;
  /** The kind's frequency for this job (see DeliveryKind.frequency). */
  frequency: SentRecord['frequency'];
}

/** A kind's answer: a message for a channel and what to record once it is accepted, or why nothing goes. */
export type Prepared =
  | { status: 'send'; message: ChannelMessage; record: SentRecordDraft }
  | { status: 'already-sent' }
  /** Nothing left to carry (a digest with no matches): the row is marked SKIPPED. */
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };

/**
 * One kind of delivery (one `DeliverJob` kind): what it loads, how it composes its message, what it records.
 * Registered in ./index.ts; the ledger (deliver.ts) does the rest the same way for every kind.
 */
export interface DeliveryKind<K extends DeliveryKindName> {
  /**
   * The frequency of alerts whose matches it carries (and claims), written on its Delivery row when it is planned;
   * null for an email that carries no matches.
   */
  frequency(job: JobOf<K>): SentRecord['frequency'];
  /**
   * Run holding the subscriber's lock, `client` being the lock's connection: load the delivery's state (a kind that
   * carries matches claims them here on its first attempt, and loads exactly those on every later one), decide
   * whether it is still due, compose its message and say what to record with it.
   */
  prepare(deps: DeliverDeps, client: SqlClient, job: JobOf<K>, row: PlannedRow): Promise<Prepared>;
}
