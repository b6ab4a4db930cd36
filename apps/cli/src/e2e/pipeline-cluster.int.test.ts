import { matchItems } from '@alerts/db/testing';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { addSubscription } from '@alerts/subscriptions';
import { createQueues, createRedis } from '@alerts/queue';
import { hasRedisServer, startRedisCluster, type RedisCluster } from '@alerts/queue/testing';
import { Cluster } from 'ioredis';
import { BASE_URL, startPipeline } from './pipeline-harness';
import { announcementProblems, expectedQuestionIds } from './sample-oracle';

// The pipeline on a real three-node Redis Cluster (started here with the installed redis-server): ingest → match
// → deliver through queues whose keys are spread over the cluster by hash tag, to a real SMTP server. What a
// single Redis hides (cross-slot scripts, MOVED redirections, duplicated blocking connections) shows up here.
const available = hasRedisServer();
if (!available)
  process.stderr.write('pipeline-cluster.int.test: redis-server is not installed; the Redis Cluster test is skipped\n');
const describeCluster = available ? describe : describe.skip;

describeCluster('the pipeline on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let smtp: TestSmtpServer;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    smtp = await startTestSmtpServer();
    pipeline = await startPipeline({
      smtpUrl: smtp.url,
      redis: { url: 'redis://127.0.0.1', clusterNodes: cluster.nodes },
    });
  }, 60_000);
  afterAll(async () => {
    await pipeline?.stop();
    await smtp?.close();
    await cluster?.stop();
  });

  it('ingests, matches and mails through the cluster, every queue key in the prefix hash tag slot', async () => {
    const { db, queues, redis, prefix } = pipeline;
    expect(redis).toBeInstanceOf(Cluster);
    await addSubscription(db, {
      email: 'flood@example.org',
      query: 'flood OR badgers',
      frequency: 'IMMEDIATE',
      confirmed: true,
    });
    await addSubscription(db, { email: 'gaza@example.org', query: 'Gaza', frequency: 'IMMEDIATE', confirmed: true });
    const weekly = await addSubscription(db, {
      email: 'dept@example.org',
      query: 'department:"Home Office"',
      frequency: 'WEEKLY',
      confirmed: true,
    });

    await queues.enqueueIngest({ source: 'sample', slot: '2026-12-02T0300' });
    await pipeline.idle();
    await queues.enqueueDigest({ frequency: 'WEEKLY', runKey: '2026-W49' });
    await pipeline.idle();
    const messages = await smtp.waitForMessages(3);
    const byRecipient = new Map(messages.map((m) => [m.envelope.to[0], m]));
    expect([...byRecipient.keys()].sort()).toEqual(['dept@example.org', 'flood@example.org', 'gaza@example.org']);
    for (const [email, query] of [
      ['flood@example.org', 'flood OR badgers'],
      ['gaza@example.org', 'Gaza'],
    ] as const) {
      expect(announcementProblems(byRecipient.get(email)!, BASE_URL, expectedQuestionIds(query))).toEqual([]);
      const matches = await matchItems(db, { subscription: { subscriber: { email } } });
      expect(matches.map((m) => m.questionId).sort((a, b) => a - b)).toEqual(expectedQuestionIds(query));
      expect(matches.every((m) => m.deliveredAt !== null)).toBe(true);
    }
    const delivered = (await matchItems(db, { subscriptionId: weekly.subscription.id, deliveredAt: { not: null } }))
      .length;
    expect(delivered).toBe(expectedQuestionIds('department:"Home Office"').length);

    // The queues' keys sit on one master, in the slot of the prefix's hash tag; the other masters hold none.
    const cluster = redis as Cluster;
    const slot = Number(await cluster.cluster('KEYSLOT', prefix));
    const keysPerMaster = await Promise.all(cluster.nodes('master').map((node) => node.keys(`${prefix}:*`)));
    const holders = keysPerMaster.filter((keys) => keys.length > 0);
    expect(holders).toHaveLength(1);
    for (const key of holders[0]!) expect(Number(await cluster.cluster('KEYSLOT', key))).toBe(slot);
  }, 120_000);

  it('refuses a queue prefix without a hash tag on a cluster, before any job could strand', async () => {
    const connection = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes });
    try {
      expect(() => createQueues({ connection, prefix: 'bull' })).toThrow(
        /QUEUE_PREFIX: on a Redis Cluster it needs a hash tag/,
      );
    } finally {
      await connection.quit();
    }
  });
});
