import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'admin_session';
/** Sessions last 8 hours: a working day, after which the admin logs in again. */
export const SESSION_SECONDS = 8 * 3600;

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(`admin-session:${payload}`).digest('base64url');

/**
 * A stateless session: `adminId.expiresAt.signature`. Nothing to store, and deleting the admin user ends every
 * session at once (each request loads the user). The cost: a single session cannot be revoked before it expires.
 */
export function signSession(secret: string, adminId: string, now = Date.now()): string {
  const payload = `${adminId}.${Math.floor(now / 1000) + SESSION_SECONDS}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The admin id, or null for a missing, forged or expired cookie. */
export function readSession(secret: string, value: string | undefined, now = Date.now()): string | null {
  if (!value || value.length > 300) return null;
  const [adminId, expiresAt, signature, extra] = value.split('.');
  if (!adminId || !expiresAt || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, `${adminId}.${expiresAt}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(expiresAt) * 1000 < now) return null;
  return adminId;
}
