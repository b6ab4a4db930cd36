import { createHmac, randomBytes } from 'node:crypto';

// The Standard Webhooks scheme (https://www.standardwebhooks.com): the secret is "whsec_" and base64 key bytes; the
// signature is "v1," and the base64 HMAC-SHA256, under those bytes, of "<webhook-id>.<webhook-timestamp>.<body>".

const PREFIX = 'whsec_';

/** A new signing secret: 24 random bytes, as the specification's examples use. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/** The `webhook-signature` header's value for one message. `timestamp` in whole seconds since the epoch. */
export function signWebhook(secret: string, message: { id: string; timestamp: number; body: string }): string {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${message.id}.${message.timestamp}.${message.body}`).digest('base64');
  return `v1,${mac}`;
}
