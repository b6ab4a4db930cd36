import type { Db } from '@alerts/db';
import { hashPassword } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import { cookieHeader, FORM, form } from './test-app';

/**
 * Create an admin and log in through the form, as a browser would: the cookie jar (session and CSRF) to send with
 * admin requests.
 */
export async function logInAsAdmin(
  app: FastifyInstance,
  db: Db,
  email = 'admin@example.org',
): Promise<Record<string, string>> {
  const password = 'correct horse battery staple';
  await db.adminUser.create({ data: { email, passwordHash: await hashPassword(password) } });
  const page = await app.inject('/admin/login');
  const jar = cookieHeader(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: FORM,
    cookies: jar,
    payload: form({ _csrf: jar.csrf!, email, password }),
  });
  if (response.statusCode !== 303) throw new Error(`admin login failed: ${response.statusCode}`);
  return cookieHeader(response.headers['set-cookie'], jar);
}
