import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { storeMembers } from '@alerts/ingest';
import { deliverJobs } from '@alerts/queue';
import { loadSampleMembers } from '@alerts/sources';
import { createTokenSigner } from '@alerts/tokens';
import { deliver } from './deliver';
import { MAX_NAME_CANDIDATES, resolveMemberNames, writeMemberNames } from '@alerts/composition';
import { addSubscription } from '@alerts/subscriptions';
import { createTestDeliverDeps } from './testing';

// Name resolution and names in emails over the bundled member list (every sitting MP, 685 members in all).
let t: TestDatabase;
let smtp: TestSmtpServer;
let deps: Awaited<ReturnType<typeof createTestDeliverDeps>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await storeMembers(t.db, loadSampleMembers());
  smtp = await startTestSmtpServer();
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: smtp.url }),
    config: { signer: createTokenSigner('m'.repeat(32)) },
  });
});

afterAll(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

describe('resolveMemberNames', () => {
  it('resolves a full name, any case, a name without its title, or a constituency, to the member id', async () => {
    await expect(resolveMemberNames(t.db, 'member:"Jeremy Corbyn" gaza')).resolves.toMatchObject({
      ok: true,
      query: 'member:185 gaza',
    });
    await expect(resolveMemberNames(t.db, 'member:"Sarah Jones" (prisons OR probation)')).resolves.toMatchObject({
      ok: true,
      query: 'member:4631 (prisons OR probation)',
    });
    await expect(resolveMemberNames(t.db, 'speaker:"tom hayes"')).resolves.toMatchObject({
      ok: true,
      query: 'speaker:5210',
    });
    // "Dr Caroline Johnson" in the Members API's display name.
    await expect(resolveMemberNames(t.db, 'member:"Caroline Johnson"')).resolves.toMatchObject({
      ok: true,
      query: expect.stringMatching(/^member:\d+$/),
    });
    await expect(
      resolveMemberNames(t.db, 'member:"Islington North" OR member:"Bournemouth East"'),
    ).resolves.toMatchObject({ ok: true, query: 'member:185 OR member:5210' });
  });

  it('lists at most five candidates, and says how many, for a name several members share', async () => {
    const resolved = await resolveMemberNames(t.db, 'schools member:"Jones"');
    if (resolved.ok) throw new Error('"Jones" should be ambiguous');
    const joneses = await t.db.member.count({ where: { name: { contains: 'Jones', mode: 'insensitive' } } });
    expect(joneses).toBeGreaterThan(MAX_NAME_CANDIDATES);
    expect(resolved.problem).toMatchObject({
      message: `"Jones" could be ${joneses} members; write the full name or choose one`,
      position: 8,
    });
    expect(resolved.problem.candidates).toHaveLength(MAX_NAME_CANDIDATES);
    for (const c of resolved.problem.candidates) expect(c.filter).toMatch(/^member:"[^"]*Jones[^"]*"$/);
    expect(resolved.problem.candidates[0]!.label).toMatch(/^\S.* \(.+, .+\)$/); // "Name (Party, Constituency)"
  });

  it('offers the nearest names for one it does not know', async () => {
    const resolved = await resolveMemberNames(t.db, 'member:"Jeremy Corbin"');
    if (resolved.ok) throw new Error('"Jeremy Corbin" is nobody');
    expect(resolved.problem.message).toBe('we know no member called "Jeremy Corbin"');
    expect(resolved.problem.candidates[0]).toEqual({
      label: 'Jeremy Corbyn (Your Party, Islington North)',
      filter: 'member:"Jeremy Corbyn"',
    });
    expect(resolved.problem.candidates.length).toBeLessThanOrEqual(MAX_NAME_CANDIDATES);
  });
});

describe('writeMemberNames', () => {
  it('writes ids we hold a name for as names, in one read for many queries, and leaves the rest', async () => {
    expect(
      await writeMemberNames(t.db, ['member:185 gaza', 'schools', '(a OR speaker:5210) -member:99999999']),
    ).toEqual(['member:"Jeremy Corbyn" gaza', 'schools', '(a OR speaker:"Tom Hayes") -member:99999999']);
  });
});

describe('emails name the member', () => {
  it('a confirmation email names the member in its subject and body, not "member 185"', async () => {
    const { subscriber, subscription } = await addSubscription(t.db, {
      email: 'follower@example.org',
      query: 'member:185',
    });
    expect(await deliver(deps, deliverJobs.confirmation(subscriber.id, subscription.id))).toMatchObject({
      status: 'sent',
    });
    const [message] = smtp.messages;
    expect(message!.parsed.subject).toBe('Confirm your alert on Jeremy Corbyn');
    expect(message!.parsed.text).toContain('An alert on questions asked or answered by Jeremy Corbyn');
    expect(message!.raw).not.toMatch(/member 185/);
  });
});
