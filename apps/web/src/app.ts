import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { createLogger } from '@alerts/logger';
import { demoBanner } from '@alerts/composition';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/register-admin-routes';
import { readerClock, type AppDeps, type RateLimits } from './deps';
import { noStoreForTokenPages } from './http/no-store-for-token-pages';
import { applySecurityHeaders } from './http/security-headers';
import { rejectNulBytes } from './http/reject-nul-bytes';
import { handleError, handleNotFound } from './http/handle-error';
import { registerQueueBoard } from './routes/queue-board';
import { registerAlertPreviewApi } from './routes/alert-preview-api';
import { registerAssets } from './routes/assets';
import { registerConfirmRoutes } from './routes/confirm';
import { registerDeliveredMoreRoute } from './routes/delivered-more';
import { registerDevMailboxRoutes } from './routes/dev-mailbox';
import { registerFeedRoutes } from './routes/feed';
import { registerFollowRoutes } from './routes/follow';
import { registerHealthRoutes } from './routes/health';
import { registerHomeRoutes } from './routes/home';
import { registerInfoPages } from './routes/info-pages';
import { registerManageRoutes } from './routes/manage';
import { registerManageWebhookRoutes } from './routes/manage-webhook';
import { registerManageLinkRoutes } from './routes/manage-link';
import { registerMemberRoutes } from './routes/members';
import { registerMetricsRoute } from './routes/metrics';
import { registerQuestionRoutes } from './routes/question';
import { registerSearchRoutes } from './routes/search';
import { registerSignupRoutes } from './routes/signup';
import { registerTabledRoutes } from './routes/tabled';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';
import { registerVoteRoutes } from './routes/vote';
import { registerSesWebhook } from './webhooks/ses-webhook';

const DEFAULT_RATE_LIMITS: RateLimits = {
  signupPerMinute: 10,
  searchPerMinute: 60,
  pendingPerAddressPerHour: 5,
  loginPer15Minutes: 10,
  manageLinkPerIpPerHour: 10,
  manageLinksPerAddressPerHour: 3,
};

/** Fastify's trustProxy for a hop count (its types lack the number form): trust the nearest `hops` proxies only. */
function trustProxyOption(value: false | number | string[]) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

/**
 * Build the web app without listening (STYLE.md §11): main.ts and the CLI's `start` listen; tests call
 * `app.inject()`. Every dependency is passed in, so nothing here reads the environment.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.config.rateLimits };
  // Typed as Fastify's logger, so the instance is the plain FastifyInstance every route module takes (pino's own
  // Logger type would make it a FastifyInstance<…, Logger> they do not accept).
  const logger: FastifyBaseLogger = deps.logger ?? createLogger({ name: 'web', level: 'silent' });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: deps.config.bodyLimit ?? 16 * 1024,
    trustProxy: trustProxyOption(deps.config.trustProxy ?? false),
    // Token links (/manage/:token) are ~120 characters; the router's default cap of 100 would answer 414.
    routerOptions: { maxParamLength: 600 },
    // Request URLs carry tokens (/manage/:token): log the route pattern instead, in the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  app.addHook('onRequest', noStoreForTokenPages);
  // One set of security headers on every response, 404s and errors included (http/security-headers.ts).
  app.addHook('onSend', applySecurityHeaders);
  app.addHook('preValidation', rejectNulBytes);
  // Demo mode says on every page, error pages included, that its data is replayed and what its clock reads.
  const clock = readerClock(deps);
  app.decorate('pageBanner', () => demoBanner(clock));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(cookie);
  await app.register(formbody);
  // Limits are opted into per route (signup, search, login, the manage-link form), with an in-memory store per process.
  await app.register(rateLimit, { global: false });

  registerHealthRoutes(app, deps);
  registerMetricsRoute(app, deps);
  registerSesWebhook(app, deps);

  await app.register(async (site) => {
    registerAssets(site);
    registerHomeRoutes(site, deps);
    registerInfoPages(site);
    registerQuestionRoutes(site, deps);
    registerMemberRoutes(site, deps);
    registerVoteRoutes(site, deps);
    registerSearchRoutes(site, deps, limits);
    registerSignupRoutes(site, deps, limits);
    registerAlertPreviewApi(site, deps, limits);
    registerConfirmRoutes(site, deps);
    registerManageLinkRoutes(site, deps, limits);
    registerManageRoutes(site, deps, limits);
    registerManageWebhookRoutes(site, deps);
    registerDeliveredMoreRoute(site, deps);
    registerUnsubscribeRoutes(site, deps);
    registerFeedRoutes(site, deps);
    registerFollowRoutes(site, deps, limits);
    registerTabledRoutes(site, deps, limits);
    if (deps.config.devMailboxDir) registerDevMailboxRoutes(site, deps.config.devMailboxDir);
    await registerAdminRoutes(site, deps, limits);
  });

  await registerQueueBoard(app, deps);

  return app;
}
