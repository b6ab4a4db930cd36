import { timingSafeEqual } from 'node:crypto';
import { readSesNotification } from '@alerts/bounces';
import type { SoftBouncePolicy } from '@alerts/config';
import { bounceReportsFromSes, recordBounceReports, recordDeliveries } from '@alerts/delivery';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps';
import { isSnsUrl, verifySnsMessage, type SnsMessage } from './verify-sns-message';

/** The Amazon SES webhook's settings (see README "Bounces and complaints"). */
export interface SesWebhookConfig {
  /** Topics whose signed SNS messages POST /webhooks/ses accepts. Empty: that route is off. */
  topicArns: string[];
  /** The secret of POST /webhooks/ses/:secret, for senders that cannot sign (a forwarder of raw SES events). Null: off. */
  secret: string | null;
  /** Fetch an SNS SubscribeURL by itself (only on a verified message). Default off: an admin opens it. */
  autoConfirm: boolean;
  /** The PEM of an SNS signing certificate URL (createSnsCertificates). */
  certificateFor: (url: string) => Promise<string>;
  softBouncePolicy: SoftBouncePolicy;
  /** How a SubscribeURL is fetched when autoConfirm is on; default global fetch. */
  confirm?: (url: string) => Promise<void>;
}

/** SES notifications with the original headers run to tens of KB; SNS caps a message at 256 KB. */
const BODY_LIMIT = 300 * 1024;

class WebhookError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * POST /webhooks/ses: Amazon SNS delivering SES bounce, complaint and delivery notifications, each message's
 * signature verified against SNS's certificate and its topic checked against `topicArns`. POST /webhooks/ses/:secret:
 * the same notifications, SNS-wrapped or raw SES JSON, from a sender that knows the shared secret. Either acts through
 * recordBounceReports (as the bouncer does) and answers 200; a redelivered notification is recorded once. An SNS
 * SubscriptionConfirmation is stored for the admin's suppression page (and the log) to show its SubscribeURL, and is
 * fetched only with autoConfirm.
 */
export function registerSesWebhook(app: FastifyInstance, deps: AppDeps): void {
  const config = deps.config.ses;
  void app.register(async (scope) => {
    // SNS posts JSON as text/plain; take every body as text and parse it here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status =
        error instanceof WebhookError
          ? error.statusCode
          : error.statusCode && error.statusCode < 500
            ? error.statusCode
            : 500;
      if (status >= 500) request.log.error({ err: error }, 'SES webhook failed');
      else request.log.warn({ status, why: error.message }, 'SES webhook refused a request');
      return reply.code(status).send({ error: status >= 500 ? 'internal error' : error.message });
    });

    scope.post('/webhooks/ses', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      if (!config?.topicArns.length) throw new WebhookError(404, 'not found');
      const message = snsMessage(parse(request.body));
      if (!message) throw new WebhookError(400, 'not an SNS message');
      if (!config.topicArns.includes(message.TopicArn)) throw new WebhookError(403, 'unexpected TopicArn');
      const verdict = await verifySnsMessage(message, config.certificateFor);
      if (!verdict.ok) throw new WebhookError(403, `signature: ${verdict.why}`);
      return handleSns(request, reply, message, true);
    });

    scope.post<{ Params: { secret: string } }>(
      '/webhooks/ses/:secret',
      { bodyLimit: BODY_LIMIT },
      async (request, reply) => {
        if (!config?.secret) throw new WebhookError(404, 'not found');
        if (!sameSecret(request.params.secret, config.secret)) throw new WebhookError(403, 'wrong secret');
        const body = parse(request.body);
        const message = snsMessage(body);
        return message ? handleSns(request, reply, message, false) : handleSes(reply, body);
      },
    );
  });

  async function handleSns(request: FastifyRequest, reply: FastifyReply, message: SnsMessage, verified: boolean) {
    if (message.Type === 'SubscriptionConfirmation') {
      const url = message.SubscribeURL ?? '';
      if (!isSnsUrl(url)) throw new WebhookError(400, 'SubscribeURL is not on sns.<region>.amazonaws.com');
      await deps.db.snsSubscriptionRequest.upsert({
        where: { topicArn: message.TopicArn },
        create: { topicArn: message.TopicArn, subscribeUrl: url },
        update: { subscribeUrl: url, receivedAt: new Date(), confirmedAt: null },
      });
      if (config!.autoConfirm && verified) {
        await (config!.confirm ?? fetchOk)(url);
        await deps.db.snsSubscriptionRequest.update({
          where: { topicArn: message.TopicArn },
          data: { confirmedAt: new Date() },
        });
        request.log.info({ topicArn: message.TopicArn }, 'SNS subscription confirmed');
      } else {
        request.log.warn(
          { topicArn: message.TopicArn, subscribeUrl: url },
          'SNS asks to confirm a subscription: open the SubscribeURL (also on /admin/suppressions)',
        );
      }
      return reply.send({ subscription: config!.autoConfirm && verified ? 'confirmed' : 'awaiting an admin' });
    }
    if (message.Type !== 'Notification') return reply.send({ ignored: message.Type });
    return handleSes(reply, parse(message.Message));
  }

  async function handleSes(reply: FastifyReply, body: unknown) {
    let notification;
    try {
      notification = readSesNotification(body);
    } catch (error) {
      throw new WebhookError(400, (error as Error).message);
    }
    const outcomes = await recordBounceReports(deps.db, bounceReportsFromSes(notification), {
      policy: config!.softBouncePolicy,
    });
    const cleared = await recordDeliveries(deps.db, notification.delivered);
    return reply.send({
      type: notification.type,
      recorded: outcomes.filter((o) => o.action !== 'duplicate').length,
      duplicates: outcomes.filter((o) => o.action === 'duplicate').length,
      cleared,
    });
  }
}

function parse(body: unknown): unknown {
  if (typeof body !== 'string') throw new WebhookError(400, 'expected a JSON body');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new WebhookError(400, 'the body is not JSON');
  }
}

function snsMessage(value: unknown): SnsMessage | null {
  const v = value as Partial<SnsMessage> | null;
  if (!v || typeof v !== 'object' || typeof v.Type !== 'string') return null;
  for (const field of ['MessageId', 'TopicArn', 'Message', 'Timestamp'] as const) {
    if (typeof v[field] !== 'string') throw new WebhookError(400, `SNS message without ${field}`);
  }
  return v as SnsMessage;
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!response.ok) throw new Error(`SubscribeURL answered HTTP ${response.status}`);
}
