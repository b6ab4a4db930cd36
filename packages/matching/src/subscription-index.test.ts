import { loadDetailRecords } from '../test/real-records';
import { matchesQuestion } from './matches-question';
import { parseQuery } from './parse-query';
import { QueryError } from './query-error';
import { SubscriptionIndex } from './subscription-index';

const questions = loadDetailRecords();
const mosswood = questions.find((q) => q.id === 1922919)!;
const idsMatching = (query: string) => questions.filter((q) => matchesQuestion(query, q)).map((q) => q.id);
const pairs = (index: SubscriptionIndex) =>
  index
    .match(questions)
    .map((m) => `${String(m.subscriptionId)}|${m.questionId}`)
    .sort();

describe('SubscriptionIndex', () => {
  it('matches like the evaluator, for string and integer ids', () => {
    const index = SubscriptionIndex.build([
      { id: 'cuid-1', query: 'gaza OR israel' },
      { id: 7, query: parseQuery('"operation mosswood"') },
    ]);
    expect(index.size).toBe(2);
    expect(index.match([mosswood])).toEqual([{ subscriptionId: 7, questionId: 1922919 }]);
    const expected = [
      ...idsMatching('gaza OR israel').map((id) => `cuid-1|${id}`),
      ...idsMatching('"operation mosswood"').map((id) => `7|${id}`),
    ].sort();
    expect(pairs(index)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
  });

  it('evaluates shared queries once but reports every subscriber', () => {
    const index = SubscriptionIndex.build([
      { id: 'a', query: 'operations' },
      { id: 'b', query: 'OPERATION' }, // same stem: same distinct query
      { id: 'c', query: 'operation' },
    ]);
    expect(index.distinctQueries).toBe(1);
    expect(
      index
        .match([mosswood])
        .map((m) => m.subscriptionId)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('treats "1" and 1 as different subscriptions', () => {
    const index = SubscriptionIndex.build([
      { id: '1', query: 'mosswood' },
      { id: 1, query: 'mosswood' },
    ]);
    expect(index.size).toBe(2);
    expect(index.match([mosswood])).toHaveLength(2);
  });

  it('replaces a subscription added again with the same id, and removes', () => {
    const index = new SubscriptionIndex();
    index.add('s', 'mosswood');
    index.add('s', 'gaza');
    expect(index.size).toBe(1);
    expect(index.match([mosswood])).toEqual([]);
    index.add('t', 'mosswood');
    expect(index.remove('t')).toBe(true);
    expect(index.remove('t')).toBe(false);
    expect(index.match([mosswood])).toEqual([]);
    index.add('t', 'mosswood'); // a retired query comes back as new
    expect(index.match([mosswood])).toEqual([{ subscriptionId: 't', questionId: 1922919 }]);
  });

  it('sees queries added after a batch was matched', () => {
    const index = SubscriptionIndex.build([{ id: 1, query: 'gaza' }]);
    index.match(questions);
    index.add(2, '"operational security" department:"home office"');
    expect(index.match([mosswood])).toEqual([{ subscriptionId: 2, questionId: 1922919 }]);
  });

  it('streams matches through matchEach', () => {
    const index = SubscriptionIndex.build([{ id: 1, query: 'house:commons' }]);
    const seen: number[] = [];
    index.matchEach(questions, (_, questionId) => seen.push(questionId));
    expect(seen).toEqual(questions.map((q) => q.id));
  });

  it('rejects invalid queries with QueryError, including hand-built exclusion-only ones', () => {
    const index = new SubscriptionIndex();
    expect(() => index.add(1, 'gaza OR')).toThrow(QueryError);
    expect(() => index.add(2, { kind: 'not', child: { kind: 'word', token: 'gaza', stem: 'gaza' } })).toThrow(
      QueryError,
    );
    expect(index.size).toBe(0);
  });
});
