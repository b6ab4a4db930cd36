import { confirmation } from './confirmation';
import type { DeliveryKind, DeliveryKindName } from './delivery-kind';
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
