import { EMAIL_ADDRESS_LIMITS } from '@alerts/email';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RateLimits } from '../deps';
import { formField } from '../http/form-field';
import { sendPage } from '../http/send-page';
import { html } from '../views/html';
import { csrfField } from '../views/csrf-field';
import { checkCsrf, csrfToken } from './csrf';
import { currentAdmin } from './current-admin';
import { clearLoginFailures, isLockedOut, loginClient, recordLoginFailure } from './lockout';
import { hashPassword, verifyPassword } from '@alerts/tokens';
import { SESSION_COOKIE, SESSION_SECONDS, signSession } from './session-cookie';

// Compared against when the email is unknown, so a wrong address costs as long as a wrong password.
const decoyHash = hashPassword('decoy password that is never valid');

// One message for every failure, locked account included, so the form says nothing about which accounts exist.
const FAILED =
  'That email and password do not match an administrator, or the account is locked for a while after repeated failures.';

/** `/admin/login`. Failed logins say nothing about which part was wrong; a client locks itself out of an account after repeated failures. */
export function registerLoginRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): void {
  const secure = deps.config.secureCookies;
  const form = (token: string, error?: string) =>
    html`<h1>Admin login</h1>${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/login">${csrfField(token)}
<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form>`;

  app.get('/admin/login', async (request, reply) =>
    sendPage(reply, { title: 'Admin login', body: form(csrfToken(request, reply, deps.config)) }),
  );

  app.post(
    '/admin/login',
    { config: { rateLimit: { max: limits.loginPer15Minutes, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      checkCsrf(request, deps.config.sessionSecret);
      const now = deps.now?.() ?? new Date();
      const email = formField(request.body, 'email').trim().toLowerCase();
      const password = formField(request.body, 'password');
      const admin =
        email && email.length <= EMAIL_ADDRESS_LIMITS.address
          ? await deps.db.adminUser.findUnique({ where: { email } })
          : null;
      const ok = await verifyPassword(password.slice(0, 1024), admin?.passwordHash ?? (await decoyHash));
      // Locks are per account and client (admin/lockout.ts): failures from elsewhere never lock this client out.
      const client = loginClient(request.ip);
      const locked = admin ? await isLockedOut(deps.db, { adminId: admin.id, client, now }) : false;
      if (!admin || !ok || locked) {
        if (admin) await recordLoginFailure(deps.db, { adminId: admin.id, client, now });
        request.log.warn({ locked }, 'admin login failed');
        return sendPage(
          reply,
          { title: 'Admin login', body: form(csrfToken(request, reply, deps.config), FAILED) },
          401,
        );
      }
      await clearLoginFailures(deps.db, { adminId: admin.id, client });
      await deps.db.adminUser.update({ where: { id: admin.id }, data: { lastLoginAt: now } });
      reply.setCookie(SESSION_COOKIE, signSession(deps.config.sessionSecret, admin, now.getTime()), {
        path: '/admin',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: SESSION_SECONDS,
      });
      return reply.redirect('/admin', 303);
    },
  );
}

/**
 * `/admin/logout`, inside the session scope (CSRF checked there): bumps the admin's session version, which ends this
 * session and every other one of theirs, copied cookies included.
 */
export function registerLogoutRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post('/admin/logout', async (request, reply) => {
    await deps.db.adminUser.update({
      where: { id: currentAdmin(request).id },
      data: { sessionVersion: { increment: 1 } },
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return reply.redirect('/admin/login', 303);
  });
}
