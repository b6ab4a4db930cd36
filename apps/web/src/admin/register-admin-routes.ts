import type { FastifyInstance } from 'fastify';
import type { AppDeps, RateLimits } from '../deps';
import { registerAuditRoutes } from './audit-routes';
import { checkCsrf } from './csrf';
import { requireAdmin } from './current-admin';
import { registerDashboardRoutes } from './dashboard-routes';
import { registerDeliveryRoutes } from './delivery-routes';
import { registerFollowAdminRoutes } from './follow-routes';
import { registerLoginRoutes, registerLogoutRoute } from './login-routes';
import { registerSubscriptionAdminRoutes } from './subscription-routes';
import { registerSuppressionRoutes } from './suppression-routes';

/** Everything under /admin: login is public; every other page sits in a scope that requires a session. */
export async function registerAdminRoutes(app: FastifyInstance, deps: AppDeps, limits: RateLimits): Promise<void> {
  registerLoginRoutes(app, deps, limits);
  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdmin(deps));
    // Every state-changing admin request carries the CSRF token, checked here once rather than per route.
    admin.addHook('preHandler', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') checkCsrf(request, deps.config.sessionSecret);
    });
    registerLogoutRoute(admin, deps);
    registerDashboardRoutes(admin, deps);
    registerSubscriptionAdminRoutes(admin, deps);
    registerFollowAdminRoutes(admin, deps);
    registerSuppressionRoutes(admin, deps);
    registerAuditRoutes(admin, deps);
    registerDeliveryRoutes(admin, deps);
  });
}
