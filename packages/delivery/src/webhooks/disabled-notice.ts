import type { Db } from '@alerts/db';
import { describeStored } from '@alerts/composition';
import { fitDescription, fitLabel } from '@alerts/alert-rules';

/** What the "webhook turned off" email says, or null when the webhook is on again (or gone) by the time it is sent. */
export async function webhookDisabledNotice(db: Db, subscriptionId: string) {
  const webhook = await db.webhook.findUnique({
    where: { subscriptionId },
    include: { subscription: { select: { query: true, label: true } } },
  });
  if (!webhook?.disabledAt) return null;
  const hours = webhook.failingSince
    ? Math.max(1, Math.round((webhook.disabledAt.getTime() - webhook.failingSince.getTime()) / 3600_000))
    : null;
  const label = fitLabel(webhook.subscription.label);
  return {
    alert: { description: fitDescription(describeStored(webhook.subscription.query)), ...(label ? { label } : {}) },
    endpointHost: new URL(webhook.url).host.slice(0, 300),
    failingFor: hours === null ? 'a long time' : hours === 1 ? 'an hour' : `${hours} hours`,
    lastError: (webhook.lastError ?? 'no answer').slice(0, 300),
  };
}
