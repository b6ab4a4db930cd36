import type { AdminUser } from '@alerts/db';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';
import { readSession, SESSION_COOKIE, sessionMatches } from './session-cookie';

const admins = new WeakMap<FastifyRequest, AdminUser>();

/**
 * onRequest hook for every admin page and the queue board: 401 without a valid session. The user is loaded on
 * each request and the cookie checked against their current session version and password, so a deleted admin, a
 * logout or a password change locks a session out at once.
 */
export function requireAdmin(deps: Pick<AppDeps, 'db' | 'config'>) {
  return async (request: FastifyRequest) => {
    const session = readSession(request.cookies[SESSION_COOKIE]);
    const admin = session ? await deps.db.adminUser.findUnique({ where: { id: session.adminId } }) : null;
    if (!admin || !session || !sessionMatches(deps.config.sessionSecret, session, admin))
      throw new HttpError(401, 'Please log in at /admin/login to see this page.');
    admins.set(request, admin);
  };
}

/** The admin of a request that passed requireAdmin. */
export function currentAdmin(request: FastifyRequest): AdminUser {
  const admin = admins.get(request);
  if (!admin) throw new HttpError(401, 'Please log in.');
  return admin;
}

/** True for a request that passed requireAdmin. */
export const hasAdmin = (request: FastifyRequest) => admins.has(request);
