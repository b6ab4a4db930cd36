import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { loadSampleMembers, type MemberInfo } from '@alerts/sources';
import { storeMembers } from './store-members';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.drop());

const bundled = () => loadSampleMembers();
const hayes = (): MemberInfo => bundled().find((m) => m.id === 5210)!;
// Tom Hayes as the Members API would give him (expandMember or /api/Members/5210): no region, no local authorities.
const fromApi: MemberInfo = {
  ...hayes(),
  name: 'Tom Hayes',
  listAs: 'Hayes, Tom',
  partyAbbreviation: 'Lab',
  partyColour: 'd50000',
  thumbnailUrl: 'https://members-api.parliament.uk/api/Members/5210/Thumbnail',
  region: null,
  localAuthorities: [],
};

describe('storeMembers', () => {
  it('stores the bundled members with where they sit', async () => {
    expect(await storeMembers(t.db, bundled())).toBe(685);
    expect(await t.db.member.findUnique({ where: { id: 5210 } })).toMatchObject({
      name: 'Tom Hayes',
      memberFrom: 'Bournemouth East',
      region: 'South West',
      localAuthorities: ['Bournemouth, Christchurch and Poole'],
    });
    expect(await t.db.member.findUnique({ where: { id: 185 } })).toMatchObject({
      name: 'Jeremy Corbyn',
      localAuthorities: ['Islington'],
    });
  });

  it('keeps region and local authorities when the Members API, which has none, updates a member', async () => {
    await storeMembers(t.db, bundled());
    await storeMembers(t.db, [fromApi]);
    expect(await t.db.member.findUnique({ where: { id: 5210 } })).toMatchObject({
      listAs: 'Hayes, Tom',
      partyColour: 'd50000',
      region: 'South West',
      localAuthorities: ['Bournemouth, Christchurch and Poole'],
    });
  });

  it('as a fallback, adds the members we lack and fills gaps, but never overwrites what the live source said', async () => {
    await storeMembers(t.db, [{ ...fromApi, name: 'Thomas Hayes', party: 'Labour Co-op' }]);
    const written = await storeMembers(t.db, bundled(), { fallback: true });
    expect(written).toBe(685); // 684 added, Hayes filled in
    expect(await t.db.member.findUnique({ where: { id: 5210 } })).toMatchObject({
      name: 'Thomas Hayes',
      party: 'Labour Co-op',
      listAs: 'Hayes, Tom',
      region: 'South West',
      localAuthorities: ['Bournemouth, Christchurch and Poole'],
    });
    // A second fallback run finds nothing missing and writes nothing.
    expect(await storeMembers(t.db, bundled(), { fallback: true })).toBe(0);
  });
});
