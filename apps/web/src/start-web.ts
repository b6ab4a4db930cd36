import type { Runtime } from '@alerts/runtime';
import { createTokenSigner } from '@alerts/tokens';
import { tokenSecretFrom } from '@alerts/config';
import { buildApp } from './app';
import { adminSessionSecretFrom, type WebEnv } from './env';

export type StartWebEnv = Pick<WebEnv, 'NODE_ENV' | 'PUBLIC_BASE_URL' | 'TOKEN_SECRET' | 'SMTP_URL' | 'DEV_MAILBOX_DIR' | 'ADMIN_SESSION_SECRET' | 'PORT' | 'HOST' | 'TRUST_PROXY'>;

/**
 * Build the app on an existing runtime's connections and listen on env.PORT. Used by main.ts and by
 * `alerts start`, which runs the web app beside the workers. `close()` stops listening; the runtime is the caller's.
 */
export async function startWeb(options: { runtime: Pick<Runtime, 'db' | 'redis' | 'queues' | 'logger'>; env: StartWebEnv }) {
  const { runtime, env } = options;
  const app = await buildApp({
    db: runtime.db,
    redis: runtime.redis,
    queues: runtime.queues,
    logger: runtime.logger,
    signer: createTokenSigner(tokenSecretFrom(env)),
    config: {
      baseUrl: env.PUBLIC_BASE_URL,
      devMailboxDir: env.SMTP_URL ? null : env.DEV_MAILBOX_DIR,
      sessionSecret: adminSessionSecretFrom(env),
      secureCookies: env.PUBLIC_BASE_URL.startsWith('https://'),
      trustProxy: env.TRUST_PROXY,
    },
  });
  const address = await app.listen({ port: env.PORT, host: env.HOST });
  return { app, address, close: () => app.close() };
}
