import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addSubscription } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import { createTestContext, type TestContext } from '../../test/test-app';
import { createSnsCertificates } from './sns-certificates';
import { isSnsUrl, snsStringToSign, type SnsMessage } from './verify-sns-message';

// The SES webhook on the real PostgreSQL, fed AWS's own example notifications (packages/bounces/test/ses/README.md
// says where each comes from), wrapped in SNS messages signed by a key made here: SES_SNS_CERT_FILE's certificate
// stands in for SNS's, as nothing here can reach AWS.

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:ses-feedback';
const SECRET = 'webhook-secret-0123456789abcdefghijklmnop';
const CERT_URL = 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-0000000000000000000000000000000.pem';
const SES = path.join(__dirname, '..', '..', '..', '..', 'packages', 'bounces', 'test', 'ses');
const policy = { limit: 3, minSpanMs: 72 * 3600_000, windowMs: 30 * 86_400_000 };

let ctx: TestContext;
let app: FastifyInstance;
let dir: string;
let key: string;
const fetched: string[] = [];
let serial = 0;

const ses = (name: string) => readFileSync(path.join(SES, name), 'utf8');

/** An SNS HTTP message carrying `message`, signed (SignatureVersion 1 or 2) with the test key. */
function sns(message: string, fields: Partial<SnsMessage> = {}, version: '1' | '2' = '2'): SnsMessage {
  const unsigned: SnsMessage = {
    Type: 'Notification',
    MessageId: `msg-${serial++}`,
    TopicArn: TOPIC,
    Message: message,
    Timestamp: '2026-12-05T03:00:00.000Z',
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    ...fields,
  };
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(snsStringToSign(unsigned));
  return { ...unsigned, Signature: signer.sign(key, 'base64') };
}
// SNS posts its JSON as text/plain.
const post = (url: string, body: unknown) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sns-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=sns.amazonaws.com',
      '-days',
      '2',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  const trusted = createSnsCertificates({ trustedFile: path.join(dir, 'cert.pem'), cache: new Map() });
  ctx = await createTestContext();
  app = await ctx.makeApp({
    ses: {
      topicArns: [TOPIC],
      secret: SECRET,
      autoConfirm: false,
      // Records every certificate URL asked for: one off SNS's host must never be.
      certificateFor: (url) => {
        fetched.push(url);
        return trusted(url);
      },
      softBouncePolicy: policy,
    },
  });
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /webhooks/ses (signed SNS)', () => {
  it('a Permanent bounce suppresses, with the SES bounce as evidence; SignatureVersion 1 and 2', async () => {
    await addSubscription(ctx.db, { email: 'jane@example.com', query: 'schools', confirmed: true });
    const response = await post('/webhooks/ses', sns(ses('bounce-with-dsn.json'), {}, '1'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ type: 'Bounce', recorded: 1 });
    const suppression = await ctx.db.suppression.findUniqueOrThrow({
      where: { email: 'jane@example.com' },
      include: { bounceEvent: true },
    });
    expect(suppression).toMatchObject({
      reason: 'HARD_BOUNCE',
      bounceEvent: { channel: 'ses', format: 'ses', status: '5.1.1' },
    });
    expect(suppression.bounceEvent!.evidence).toContain('"reportingMTA": "dns; email.example.com"');
    // SNS delivers at least once: the same notification again, under a new SNS MessageId, is recorded once.
    expect((await post('/webhooks/ses', sns(ses('bounce-with-dsn.json')))).json()).toMatchObject({
      recorded: 0,
      duplicates: 1,
    });
    expect(await ctx.db.bounceEvent.count({ where: { email: 'jane@example.com' } })).toBe(1);
  });

  it('a complaint suppresses and unsubscribes: the subscriber and every alert gone, no goodbye owed', async () => {
    await addSubscription(ctx.db, { email: 'richard@example.com', query: 'schools', confirmed: true });
    await addSubscription(ctx.db, { email: 'richard@example.com', query: 'prisons', confirmed: true });
    expect((await post('/webhooks/ses', sns(ses('complaint-with-feedback-report.json')))).statusCode).toBe(200);
    expect(await ctx.db.subscriber.findUnique({ where: { email: 'richard@example.com' } })).toBeNull();
    expect(await ctx.db.suppression.findUniqueOrThrow({ where: { email: 'richard@example.com' } })).toMatchObject({
      reason: 'COMPLAINT',
    });
    expect(await ctx.db.delivery.count({ where: { kind: 'GOODBYE' } })).toBe(0);
  });

  it('refuses a tampered message, a foreign certificate host, an unknown topic and an unsigned one, recording nothing', async () => {
    const before = await ctx.db.bounceEvent.count();
    const good = sns(ses('bounce-without-dsn.json'));
    const cases: [string, unknown, number][] = [
      ['tampered', { ...good, Message: good.Message.replace('richard@example.com', 'someone@example.com') }, 403],
      [
        'foreign certificate host',
        sns(ses('bounce-without-dsn.json'), {
          SigningCertURL: 'https://sns.eu-west-2.amazonaws.com.evil.example/cert.pem',
        }),
        403,
      ],
      [
        'plain http certificate',
        sns(ses('bounce-without-dsn.json'), { SigningCertURL: CERT_URL.replace('https:', 'http:') }),
        403,
      ],
      [
        'unknown topic',
        sns(ses('bounce-without-dsn.json'), { TopicArn: 'arn:aws:sns:eu-west-2:999999999999:other' }),
        403,
      ],
      ['unsigned', { ...good, Signature: undefined }, 403],
      ['raw SES JSON without the secret', ses('bounce-without-dsn.json'), 400],
      ['not JSON', 'hello', 400],
    ];
    for (const [what, body, status] of cases)
      expect({ what, status: (await post('/webhooks/ses', body)).statusCode }).toEqual({ what, status });
    expect(await ctx.db.bounceEvent.count()).toBe(before);
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.filter((url) => !isSnsUrl(url))).toEqual([]);
  });

  it('stores a SubscriptionConfirmation for the admin and fetches nothing', async () => {
    const subscribeUrl = `https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=abc`;
    const response = await post(
      '/webhooks/ses',
      sns('You have chosen to subscribe to the topic.', {
        Type: 'SubscriptionConfirmation',
        Token: 'abc',
        SubscribeURL: subscribeUrl,
      }),
    );
    expect(response.json()).toEqual({ subscription: 'awaiting an admin' });
    expect(await ctx.db.snsSubscriptionRequest.findUniqueOrThrow({ where: { topicArn: TOPIC } })).toMatchObject({
      subscribeUrl,
      confirmedAt: null,
    });
  });
});

describe('POST /webhooks/ses/:secret', () => {
  it('takes raw SES event JSON with the secret: soft bounces count, a delivery clears them; 403 without it', async () => {
    expect(
      (await post('/webhooks/ses/wrong-secret-0123456789abcdefghijklmn', ses('bounce-transient-event.json')))
        .statusCode,
    ).toBe(403);
    expect((await post(`/webhooks/ses/${SECRET}`, ses('bounce-transient-event.json'))).json()).toMatchObject({
      type: 'Bounce',
      recorded: 1,
    });
    expect(await ctx.db.bounceEvent.findFirstOrThrow({ where: { email: 'mary@example.com' } })).toMatchObject({
      kind: 'SOFT',
      status: '5.2.2',
      clearedAt: null,
    });
    expect(await ctx.db.suppression.findUnique({ where: { email: 'mary@example.com' } })).toBeNull();
    const delivered = JSON.parse(ses('delivery.json')) as { delivery: { recipients: string[] } };
    delivered.delivery.recipients = ['mary@example.com'];
    expect((await post(`/webhooks/ses/${SECRET}`, sns(JSON.stringify(delivered)))).json()).toMatchObject({
      type: 'Delivery',
      cleared: 1,
    });
  });
});
