import type { Db } from '@alerts/db';
import { loadEnv } from './env';
import { createMailerDelivery } from './mailer-role';

describe('createMailerDelivery', () => {
  it('refuses to start in production without SMTP_URL, before touching anything', async () => {
    const env = loadEnv({ NODE_ENV: 'production', TOKEN_SECRET: 't'.repeat(40) });
    await expect(createMailerDelivery(null as unknown as Db, env)).rejects.toThrow(/SMTP_URL is not set/);
  });
});
