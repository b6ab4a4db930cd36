import { nextRetryAt } from './quarantine';

describe('nextRetryAt', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const minutesAfter = (attempts: number) => (nextRetryAt(attempts, now).getTime() - now.getTime()) / 60_000;

  it('waits 10 minutes after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(minutesAfter)).toEqual([10, 20, 40, 80, 160, 320, 640, 1280]);
  });

  it('never waits more than a day', () => {
    expect(minutesAfter(9)).toBe(24 * 60);
    expect(minutesAfter(1000)).toBe(24 * 60);
  });
});
