import { composeFollowDelivery } from '../deliver-follow';
import type { DeliveryKind } from './delivery-kind';

/**
 * A follower's email about one move of the question they follow, or the still-waiting note. It carries no matches:
 * the statement that records it SENT moves the follow on (see composeFollowDelivery).
 */
export const follow: DeliveryKind<'FOLLOW'> = {
  frequency: () => null,
  async prepare(deps, client, job, row) {
    const composed = await composeFollowDelivery(deps, client, job, row.dedupeKey);
    if (composed.status !== 'compose') return composed;
    return {
      status: 'send',
      message: {
        channel: 'email',
        rendered: composed.rendered,
        unsubscribeUrl: composed.unsubscribeUrl,
        feedbackKind: 'follow',
      },
      record: {
        deliveryId: row.deliveryId,
        dedupeKey: row.dedupeKey,
        subscriberId: composed.subscriberId,
        email: composed.email,
        kind: 'FOLLOW',
        frequency: row.frequency,
        matchIds: [],
        items: 1,
        follow: composed.follow,
      },
    };
  },
};
