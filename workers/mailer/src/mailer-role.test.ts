import type { Db } from '@alerts/db';
import { loadEnv } from './env';
import { createMailerDelivery } from './mailer-role';

describe('createMailerDelivery', () => {
  it('refuses to start in production without SMTP_URL, before touching anything', async () => {
    const env = loadEnv({ NODE_ENV: 'production', TOKEN_SECRET: 't'.repeat(40) });
    await expect(createMailerDelivery(null as unknown as Db, env)).rejects.toThrow(/SMTP_URL is not set/);
  });

  it('refuses to start in production with localhost mail settings, naming each variable', async () => {
    const env = loadEnv({ NODE_ENV: 'production', TOKEN_SECRET: 't'.repeat(40), SMTP_URL: 'smtp://127.0.0.1:2525' });
    const error = (await createMailerDelivery(null as unknown as Db, env).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/MAIL_FROM_ADDRESS: is alerts@localhost\.localdomain/);
    expect(error.message).toMatch(/MESSAGE_ID_DOMAIN: is localhost\.localdomain/);
    expect(error.message).toMatch(/PUBLIC_BASE_URL: is http:\/\/localhost:3000/);
  });

  it('refuses to start with half a DKIM configuration', async () => {
    const env = loadEnv({ NODE_ENV: 'test', DKIM_DOMAIN: 'example.org' });
    await expect(createMailerDelivery(null as unknown as Db, env)).rejects.toThrow(
      /DKIM_SELECTOR: required when any DKIM variable is set/,
    );
  });
});
