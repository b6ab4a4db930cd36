import { readSession, SESSION_SECONDS, sessionMatches, signSession } from './session-cookie';

const SECRET = 'session-secret-for-tests-0123456789abcdef';
const ADMIN = { id: 'admin_1', sessionVersion: 0, passwordHash: 'scrypt$hash-one' };

describe('admin session cookie', () => {
  const now = Date.UTC(2026, 10, 27, 12);
  const valid = (cookie: string | undefined, at = now, admin = ADMIN, secret = SECRET) => {
    const session = readSession(cookie, at);
    return session !== null && session.adminId === admin.id && sessionMatches(secret, session, admin);
  };

  it('round-trips the admin id until it expires', () => {
    const cookie = signSession(SECRET, ADMIN, now);
    expect(readSession(cookie, now)?.adminId).toBe('admin_1');
    expect(valid(cookie, now + (SESSION_SECONDS - 1) * 1000)).toBe(true);
    expect(valid(cookie, now + (SESSION_SECONDS + 1) * 1000)).toBe(false);
  });

  it('refuses tampering, another secret and junk', () => {
    const cookie = signSession(SECRET, ADMIN, now);
    const [, expires, signature] = cookie.split('.');
    expect(valid(`admin_2.${expires}.${signature}`, now, { ...ADMIN, id: 'admin_2' })).toBe(false);
    expect(valid(cookie, now, ADMIN, `${SECRET}x`)).toBe(false);
    expect(readSession(undefined, now)).toBeNull();
    expect(readSession('a.b', now)).toBeNull();
    expect(readSession(`${cookie}.extra`, now)).toBeNull();
  });

  it('ends when the session version is bumped (logout) or the password changes', () => {
    const cookie = signSession(SECRET, ADMIN, now);
    expect(valid(cookie, now, { ...ADMIN, sessionVersion: 1 })).toBe(false);
    expect(valid(cookie, now, { ...ADMIN, passwordHash: 'scrypt$hash-two' })).toBe(false);
  });
});
