import { confirmation } from './confirmation';
import type { DeliveryKind, DeliveryKindName, JobOf } from './delivery-kind';
import { digest } from './digest';
import { follow } from './follow';
import { goodbye } from './goodbye';
import { immediate } from './immediate';
import { manageLink } from './manage-link';
import { webhook } from './webhook';
import { webhookDisabled } from './webhook-disabled';

export type { DeliveryKind, DeliveryKindName, JobOf, PlannedRow, Prepared } from './delivery-kind';

/**
 * Every kind of delivery, by its `DeliverJob` kind. The type makes a kind of DeliverJob (@alerts/queue) without an
 * entry here fail to compile: a new kind is a new file in this folder and one line below.
 */
export const deliveryKinds: { readonly [K in DeliveryKindName]: DeliveryKind<K> } = {
  IMMEDIATE: immediate,
  DIGEST: digest,
  CONFIRMATION: confirmation,
  MANAGE_LINK: manageLink,
  GOODBYE: goodbye,
  FOLLOW: follow,
  WEBHOOK: webhook,
  WEBHOOK_DISABLED: webhookDisabled,
};

/** The kind's definition for this job (a generic lookup, so TypeScript pairs the job with its kind's definition). */
export function kindOf<K extends DeliveryKindName>(job: JobOf<K>): DeliveryKind<K> {
  const kind: (typeof deliveryKinds)[K] = deliveryKinds[job.kind];
  return kind;
}

/** The frequency a job's Delivery row records (see DeliveryKind.frequency). */
export const frequencyOf = (job: JobOf<DeliveryKindName>) => kindOf(job).frequency(job);
