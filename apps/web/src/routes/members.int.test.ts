import { storeMembers } from '@alerts/ingest';
import { loadSampleMembers } from '@alerts/sources';
import type { FastifyInstance } from 'fastify';
import { createTestContext, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

// The bundled members (every sitting MP) and a few questions: three asked by Jeremy Corbyn (185), one of them still
// waiting, and one answered by Tom Hayes (5210).
beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await storeMembers(ctx.db, loadSampleMembers());
  await seedQuestion(ctx.db, {
    id: 1_800_001,
    heading: 'Gaza: Humanitarian Aid',
    askingMemberId: 185,
    dateAnswered: new Date('2026-10-01T00:00:00Z'),
  });
  await seedQuestion(ctx.db, {
    id: 1_800_002,
    heading: 'Housing: Islington',
    askingMemberId: 185,
    dateAnswered: new Date('2026-11-20T00:00:00Z'),
  });
  await ctx.db.question.create({
    data: {
      id: 1_800_003,
      uin: '80003',
      house: 'Commons',
      heading: null,
      questionText:
        'To ask the Secretary of State for Health and Social Care, what steps he is taking on waiting lists.',
      state: 'UNANSWERED',
      dateTabled: new Date('2026-12-01T00:00:00Z'),
      askingMemberId: 185,
      raw: {},
      contentHash: 'hash-1800003',
    },
  });
  await seedQuestion(ctx.db, { id: 1_800_004, heading: 'Schools: Bournemouth', askingMemberId: 4001 });
  await ctx.db.question.update({ where: { id: 1_800_004 }, data: { answeringMemberId: 5210 } });
});
afterAll(() => ctx.close());

const ids = (body: string) => [...body.matchAll(/<li><a href="\/members\/(\d+)">/g)].map((m) => Number(m[1]));

describe('/members', () => {
  it('lists every member we know, by name without titles', async () => {
    const response = await app.inject('/members');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<p class="found">686 members.</p>'); // 685 bundled and the seeded Jane Example
    const listed = ids(response.body);
    expect(listed).toHaveLength(686);
    expect(response.body).toContain(
      '<li><a href="/members/185">Jeremy Corbyn</a><br><span class="meta">Your Party · Islington North (London)</span></li>',
    );
  });

  it('puts the whole list under a heading per letter, with an index that jumps to each', async () => {
    const body = (await app.inject('/members')).body;
    const letters = [...body.matchAll(/<h2 id="letter-([A-Z])">\1<\/h2>/g)].map((m) => m[1]);
    expect(letters.length).toBeGreaterThan(20);
    expect(letters).toEqual([...letters].sort());
    for (const letter of letters) expect(body).toContain(`<li><a href="#letter-${letter}">${letter}</a></li>`);
    // Jeremy Corbyn sits under J; Dr Caroline Johnson under C (titles are not letters).
    const under = (letter: string) =>
      body.slice(
        body.indexOf(`<h2 id="letter-${letter}">`),
        body.indexOf('<h2', body.indexOf(`<h2 id="letter-${letter}">`) + 1),
      );
    expect(under('J')).toContain('>Jeremy Corbyn</a>');
    expect(under('C')).toMatch(/>Dr Caroline Johnson<\/a>/);
    // A search lists its matches alone, with no letters.
    expect((await app.inject('/members?q=corbyn')).body).not.toContain('letter-');
  });

  it.each([
    ['a name', 'corbyn', [185]],
    ['a constituency', 'Bournemouth East', [5210]],
    ['a local authority', 'Rushmoor', [5173]],
  ])('finds a member by %s (?q=)', async (_what, q, expected) => {
    const response = await app.inject(`/members?q=${encodeURIComponent(q)}`);
    expect(ids(response.body)).toEqual(expected);
  });

  it('says why a member matched a local authority, puts an exact constituency first, and explains an empty search', async () => {
    const rushmoor = await app.inject('/members?q=Rushmoor');
    expect(rushmoor.body).toContain(
      'Alex Baker</a><br><span class="meta">Labour · Aldershot (South East) · constituency in Rushmoor</span>',
    );
    // "Poole" is a constituency, part of another's name, and part of the name of a council three more lie in: the
    // constituency itself comes first.
    const poole = await app.inject('/members?q=Poole');
    expect(ids(poole.body)).toEqual([5359, 242, 5202, 5210, 5327]); // then by name: (Sir) Christopher Chope, Jessica Toale, Tom Hayes, Vikki Slade
    expect(poole.body).toContain(
      'Tom Hayes</a><br><span class="meta">Labour · Bournemouth East (South West) · constituency in Bournemouth, Christchurch and Poole</span>',
    );
    const none = await app.inject('/members?q=Atlantis');
    expect(none.body).toContain('No member’s name, constituency or local authority contains “Atlantis”.');
    // LIKE wildcards are searched for as themselves.
    expect(ids((await app.inject('/members?q=%25')).body)).toEqual([]);
  });
});

describe('/api/members', () => {
  it('answers the typeahead with names, where they sit and the filter to write', async () => {
    const response = await app.inject('/api/members?q=islington%20north');
    expect(response.json()).toEqual({
      members: [
        {
          id: 185,
          name: 'Jeremy Corbyn',
          detail: 'Your Party · Islington North (London)',
          filter: 'member:"Jeremy Corbyn"',
        },
      ],
    });
    expect((await app.inject('/api/members?q=a')).json()).toEqual({ members: [] });
    expect((await app.inject('/api/members?q=jones')).json<{ members: unknown[] }>().members).toHaveLength(8);
  });
});

describe('/members/:id', () => {
  it('shows the questions a member asked and answered, newest first, and the alert on them', async () => {
    const response = await app.inject('/members/185');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<h1>Jeremy Corbyn</h1>');
    expect(body).toContain('Your Party · Islington North (London)');
    expect(body).toContain('Local authority: Islington');
    expect(body).toContain(
      `<a class="cta" href="/alerts/new?q=${encodeURIComponent('member:"Jeremy Corbyn"')}&amp;tabled=yes">Email me when Jeremy Corbyn asks or answers a question</a>`,
    );
    const asked = [...body.matchAll(/<a href="\/questions\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(asked).toEqual([1_800_003, 1_800_002, 1_800_001]); // tabled newest first
    expect(body).toContain(
      'Commons question 80003</a><br><span class="meta">tabled 1 December 2026 · not yet answered</span><br><span class="snippet">To ask the Secretary of State for Health and Social Care, what steps he is taking on waiting lists.</span>',
    );
    expect(body).toContain(
      'Housing: Islington</a><br><span class="meta">Department for Education · tabled 2 November 2026 · answered 20 November 2026</span>',
    );
    expect(body).not.toContain('Questions answered');

    const minister = await app.inject('/members/5210');
    expect(minister.body).toContain('<h2>Questions answered, newest first</h2>');
    expect(minister.body).toContain('Schools: Bournemouth');
  });

  it('leads to the sign-up form with the member query filled in and "also when asked" ticked, described by name', async () => {
    const form = await app.inject(`/alerts/new?q=${encodeURIComponent('member:"Jeremy Corbyn"')}&tabled=yes`);
    expect(form.body).toContain('value="member:&quot;Jeremy Corbyn&quot;"');
    expect(form.body).toContain('name="includeTabled" value="yes" checked');
    expect(form.body).toContain(
      'You will get: <strong>questions and answers asked or answered by Jeremy Corbyn</strong>',
    );
    // The finder (shown by its script) sits on the form, with no name, so it is never submitted.
    expect(form.body).toMatch(/<div class="member-finder" hidden>\s*<label for="member-find">/);
    expect(form.body).toContain('data-member-typeahead="query"');
  });

  it('gives a member we hold questions but no name for a page that says so, and 404 for anyone else', async () => {
    const unnamed = await app.inject('/members/4999'); // answered the seeded questions; no Members row
    expect(unnamed.statusCode).toBe(200);
    expect(unnamed.body).toContain('<h1>A member whose name we do not hold</h1>');
    expect(unnamed.body).toContain('https://members.parliament.uk/member/4999/contact');
    expect((await app.inject('/members/123456789')).statusCode).toBe(404);
  });
});
