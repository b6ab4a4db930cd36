import { DEFAULT_REJECT_THRESHOLD, describeRejections, exceedsThreshold } from './rejection-threshold';

describe('exceedsThreshold (default: more than 5% and at least 3)', () => {
  it.each([
    [0, 0, false],
    [1, 1, false], // one bad record alone is never a failed run
    [2, 2, false],
    [3, 3, true],
    [3, 60, false], // exactly 5%
    [4, 60, true],
    [50, 1004, false],
    [51, 1004, true],
  ])('%i rejected of %i fetched → %s', (rejected, fetched, fails) => {
    expect(exceedsThreshold(rejected, fetched)).toBe(fails);
  });

  it('takes another threshold', () => {
    expect(exceedsThreshold(2, 19, { share: 0.05, min: 2 })).toBe(true);
    expect(exceedsThreshold(10, 19, { share: 0.6, min: 1 })).toBe(false);
  });
});

describe('describeRejections', () => {
  it('says how many of how many, the first three reasons, and where the watermark stays', () => {
    const rejected = [1, 2, 3, 4, 5].map((n) => ({ recordId: String(n), reason: `reason ${n}` }));
    expect(
      describeRejections({
        rejected,
        fetched: 19,
        threshold: DEFAULT_REJECT_THRESHOLD,
        then: 'the watermark stays at 2024-09-02, so the next run fetches this window again',
      }),
    ).toBe(
      'rejected 5 of 19 records fetched (the limit is 5% and at least 3): 1: reason 1; 2: reason 2; 3: reason 3; and 2 more. ' +
        'The good records are stored, the rejected ones quarantined for retry; the watermark stays at 2024-09-02, so the next run fetches this window again',
    );
  });
});
