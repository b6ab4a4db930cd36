import { describeMember, editDistance, memberIdsIn, nearestNames } from './member-names';

describe('member names, without a database', () => {
  it('finds the member ids a query names, each once, in filters only', () => {
    expect(memberIdsIn(['member:185 gaza', '(a OR speaker:5210) -member:185', 'schools'])).toEqual([185, 5210]);
    expect(memberIdsIn(['member:"Jeremy Corbyn"', 'membership:12'])).toEqual([]);
  });

  it('offers the nearest names: a name containing the one asked for first, then by edit distance', () => {
    const members = ['Jeremy Corbyn', 'Jeremy Hunt', 'Jerome Mayhew', 'Sarah Jones', 'Darren Jones'].map((name) => ({
      name,
    }));
    expect(nearestNames('Jeremy Corbin', members, 2).map((m) => m.name)).toEqual(['Jeremy Corbyn', 'Jeremy Hunt']);
    expect(nearestNames('jones', members, 2).map((m) => m.name)).toEqual(['Sarah Jones', 'Darren Jones']); // the closer in length first
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('describes a candidate by party and constituency, or House when it has none', () => {
    expect(describeMember({ name: 'Sarah Jones', party: 'Labour', memberFrom: 'Croydon West', house: 'Commons' })).toBe(
      'Sarah Jones (Labour, Croydon West)',
    );
    expect(describeMember({ name: 'A Peer', party: null, memberFrom: null, house: 'Lords' })).toBe('A Peer (Lords)');
    expect(describeMember({ name: 'Someone', party: null, memberFrom: null, house: null })).toBe('Someone');
  });
});
