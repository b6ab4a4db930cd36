import { lockDurationMs, loginClient } from './lockout';

describe('loginClient', () => {
  it('is the IPv4 address, also when mapped into IPv6', () => {
    expect(loginClient('198.51.100.7')).toBe('198.51.100.7');
    expect(loginClient('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    expect(loginClient('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(loginClient('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(loginClient('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginClient('::1')).toBe('0:0:0:0::/64');
  });
});

describe('lockDurationMs', () => {
  it('allows the free failures, then a minute doubling to an hour', () => {
    expect([4, 5, 6, 12].map((n) => lockDurationMs(n))).toEqual([0, 60_000, 120_000, 3600_000]);
    expect(lockDurationMs(1, 0)).toBe(60_000);
  });
});
