import { softBouncesSuppress } from './soft-bounces-suppress';

const policy = { limit: 3, minSpanMs: 72 * 3600_000 };
const hours = (...list: number[]) => list.map((h) => new Date(Date.UTC(2026, 11, 1) + h * 3600_000));

describe('softBouncesSuppress', () => {
  it('needs the limit and the span both', () => {
    expect(softBouncesSuppress(hours(0, 72), policy)).toBe(false);
    expect(softBouncesSuppress(hours(0, 1, 2, 3), policy)).toBe(false);
    expect(softBouncesSuppress(hours(0, 1, 71.9), policy)).toBe(false);
    expect(softBouncesSuppress(hours(72, 0, 30), policy)).toBe(true);
    expect(softBouncesSuppress([], { limit: 1, minSpanMs: 0 })).toBe(false);
    expect(softBouncesSuppress(hours(5), { limit: 1, minSpanMs: 0 })).toBe(true);
  });
});
