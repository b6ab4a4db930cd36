import { readSession, SESSION_SECONDS, signSession } from './session-cookie';

const SECRET = 'session-secret-for-tests-0123456789abcdef';

describe('admin session cookie', () => {
  const now = Date.UTC(2026, 10, 27, 12);

  it('round-trips the admin id until it expires', () => {
    const cookie = signSession(SECRET, 'admin_1', now);
    expect(readSession(SECRET, cookie, now)).toBe('admin_1');
    expect(readSession(SECRET, cookie, now + (SESSION_SECONDS - 1) * 1000)).toBe('admin_1');
    expect(readSession(SECRET, cookie, now + (SESSION_SECONDS + 1) * 1000)).toBeNull();
  });

  it('refuses tampering, another secret and junk', () => {
    const cookie = signSession(SECRET, 'admin_1', now);
    const [, expires, signature] = cookie.split('.');
    expect(readSession(SECRET, `admin_2.${expires}.${signature}`, now)).toBeNull();
    expect(readSession(`${SECRET}x`, cookie, now)).toBeNull();
    expect(readSession(SECRET, undefined, now)).toBeNull();
    expect(readSession(SECRET, 'a.b', now)).toBeNull();
    expect(readSession(SECRET, `${cookie}.extra`, now)).toBeNull();
  });
});
