import type { Db } from '@alerts/db';
import { PipelineError } from '../errors';
import { checkWebhookEndpoint, WebhookEndpointError, type CheckedEndpoint, type ResolveHost } from './endpoint';
import { webhookFormatOf, type WebhookFormat } from './format';
import { newWebhookSecret } from './signature';

/**
 * Adding, changing and removing an existing alert's webhook (the web's manage page), beside `addSubscription`,
 * which creates an alert with one (sign-up form and CLI). Every path checks the endpoint with
 * `checkWebhookEndpoint`, the one rule.
 */

/** Where a webhook may point: hosts an operator allows (WEBHOOK_ALLOW_HOSTS) and, for tests, the resolver. */
export interface WebhookEndpointPolicy {
  allowHosts: ReadonlySet<string>;
  resolve?: ResolveHost;
}

const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['JSON', 'SLACK', 'TEAMS'];

export const isWebhookFormat = (value: string): value is WebhookFormat =>
  (WEBHOOK_FORMATS as readonly string[]).includes(value);

/** Check a webhook URL as `checkWebhookEndpoint` does; its refusal becomes PipelineError('INVALID_WEBHOOK'). */
export async function checkedWebhookEndpoint(url: string, policy: WebhookEndpointPolicy): Promise<CheckedEndpoint> {
  try {
    return await checkWebhookEndpoint(url.trim(), {
      allowHosts: policy.allowHosts,
      ...(policy.resolve ? { resolve: policy.resolve } : {}),
    });
  } catch (error) {
    if (error instanceof WebhookEndpointError) throw new PipelineError('INVALID_WEBHOOK', error.message, true);
    throw error;
  }
}

/**
 * Why this URL cannot be a webhook, or null when it can: the reason's code, which a form words for a subscriber,
 * and the operator's message (which may name WEBHOOK_ALLOW_HOSTS, a setting the public cannot act on).
 */
export async function webhookEndpointProblem(
  url: string,
  policy: WebhookEndpointPolicy,
): Promise<Pick<WebhookEndpointError, 'reason' | 'message'> | null> {
  try {
    await checkWebhookEndpoint(url.trim(), {
      allowHosts: policy.allowHosts,
      ...(policy.resolve ? { resolve: policy.resolve } : {}),
    });
    return null;
  } catch (error) {
    if (error instanceof WebhookEndpointError) return { reason: error.reason, message: error.message };
    throw error;
  }
}

/** The format a new or changed endpoint gets: the one chosen, else the one its host implies (Slack, Teams, JSON). */
export const chosenWebhookFormat = (url: URL, format: WebhookFormat | undefined): WebhookFormat =>
  format ?? webhookFormatOf(url);

/**
 * Post an existing alert's answers to this endpoint instead of email (it becomes immediate). A new endpoint gets a
 * new signing secret; a changed URL or format keeps the secret, so a receiver moving its address keeps verifying.
 * Returns the secret and whether it is new (then the caller shows it once).
 */
export async function setAlertWebhook(
  db: Db,
  input: { subscriberId: string; id: string; url: string; format?: WebhookFormat; policy: WebhookEndpointPolicy },
): Promise<{ secret: string; created: boolean }> {
  const endpoint = await checkedWebhookEndpoint(input.url, input.policy);
  const format = chosenWebhookFormat(endpoint.url, input.format);
  return db.$transaction(async (tx) => {
    const { count } = await tx.subscription.updateMany({
      where: { id: input.id, subscriberId: input.subscriberId },
      data: { channel: 'WEBHOOK', frequency: 'IMMEDIATE' },
    });
    if (!count) throw new PipelineError('NOT_FOUND', `no subscription with id ${input.id}`, true);
    const existing = await tx.webhook.findUnique({ where: { subscriptionId: input.id }, select: { secret: true } });
    if (existing) {
      await tx.webhook.update({ where: { subscriptionId: input.id }, data: { url: endpoint.url.href, format } });
      return { secret: existing.secret, created: false };
    }
    const created = await tx.webhook.create({
      data: { subscriptionId: input.id, url: endpoint.url.href, format, secret: newWebhookSecret() },
    });
    return { secret: created.secret, created: true };
  });
}

/**
 * The alert goes back to email. Matches held by POSTs given up when the endpoint was disabled are released, so the
 * email sweep sends them; a POST still pending finds no webhook and is skipped, releasing its own.
 */
export async function removeAlertWebhook(db: Db, input: { subscriberId: string; id: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.subscription.updateMany({
      where: { id: input.id, subscriberId: input.subscriberId, channel: 'WEBHOOK' },
      data: { channel: 'EMAIL' },
    });
    if (!count) throw new PipelineError('NOT_FOUND', `no webhook on subscription ${input.id}`, true);
    await tx.webhook.deleteMany({ where: { subscriptionId: input.id } });
    await tx.$executeRawUnsafe(
      `UPDATE "Match" SET "deliveryId" = NULL WHERE "subscriptionId" = $1 AND "deliveredAt" IS NULL
         AND "deliveryId" IN (SELECT id FROM "Delivery" WHERE kind = 'WEBHOOK' AND status = 'FAILED')`,
      input.id,
    );
  });
}

/** A new signing secret for an alert's webhook (the old one stops verifying at once). Returns it. */
export async function regenerateWebhookSecret(db: Db, input: { subscriberId: string; id: string }): Promise<string> {
  const secret = newWebhookSecret();
  const { count } = await db.webhook.updateMany({
    where: { subscriptionId: input.id, subscription: { subscriberId: input.subscriberId } },
    data: { secret },
  });
  if (!count) throw new PipelineError('NOT_FOUND', `no webhook on subscription ${input.id}`, true);
  return secret;
}
