import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'admin_session';
/** Sessions last 8 hours: a working day, after which the admin logs in again. */
export const SESSION_SECONDS = 8 * 3600;

/** What a session is bound to besides its id: bumping `sessionVersion` or changing the password ends it. */
export interface SessionHolder {
  id: string;
  sessionVersion: number;
  passwordHash: string;
}

const mac = (secret: string, payload: string, admin: SessionHolder) =>
  createHmac('sha256', secret)
    .update(`admin-session:${payload}:${admin.sessionVersion}:${admin.passwordHash}`)
    .digest('base64url');

/**
 * A signed session: `adminId.expiresAt.signature`, where the signature also covers the admin's `sessionVersion` and
 * password hash. Nothing is stored per session, yet logout (which bumps the version), a password change and deleting
 * the admin each end every session of that admin at once.
 */
export function signSession(secret: string, admin: SessionHolder, now = Date.now()): string {
  const payload = `${admin.id}.${Math.floor(now / 1000) + SESSION_SECONDS}`;
  return `${payload}.${mac(secret, payload, admin)}`;
}

/** The admin id a cookie claims, or null for a missing, malformed or expired one. Check it with `sessionMatches`. */
export function readSession(
  value: string | undefined,
  now = Date.now(),
): { adminId: string; payload: string; signature: string } | null {
  if (!value || value.length > 300) return null;
  const [adminId, expiresAt, signature, extra] = value.split('.');
  if (!adminId || !expiresAt || !signature || extra !== undefined) return null;
  if (!/^\d+$/.test(expiresAt) || Number(expiresAt) * 1000 < now) return null;
  return { adminId, payload: `${adminId}.${expiresAt}`, signature };
}

/** True when the claimed session was signed for this admin as they are now. */
export function sessionMatches(
  secret: string,
  session: { payload: string; signature: string },
  admin: SessionHolder,
): boolean {
  const expected = Buffer.from(mac(secret, session.payload, admin));
  const given = Buffer.from(session.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
