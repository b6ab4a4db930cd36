import { digestRunKey } from '@alerts/queue';
import { slotFor } from './slots';

describe('slotFor', () => {
  it('gives every tick within a period the same slot, and the next period another', () => {
    expect(slotFor(new Date('2026-11-27T10:00:00.000Z'), 10)).toBe('2026-11-27T1000');
    expect(slotFor(new Date('2026-11-27T10:09:59.999Z'), 10)).toBe('2026-11-27T1000');
    expect(slotFor(new Date('2026-11-27T10:10:00.001Z'), 10)).toBe('2026-11-27T1010');
    expect(slotFor(new Date('2026-11-27T10:10:00Z'), 10)).not.toContain(':');
  });
});

describe('digestRunKey', () => {
  it('uses the UK date, which differs from UTC around midnight in summer', () => {
    expect(digestRunKey('DAILY', new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(digestRunKey('DAILY', new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it('uses ISO weeks, including across a year end', () => {
    expect(digestRunKey('WEEKLY', new Date('2026-11-30T07:00:00Z'))).toBe('2026-W49');
    expect(digestRunKey('WEEKLY', new Date('2026-12-06T07:00:00Z'))).toBe('2026-W49');
    expect(digestRunKey('WEEKLY', new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(digestRunKey('WEEKLY', new Date('2025-12-29T12:00:00Z'))).toBe('2026-W01');
  });
});
