import type { RateLimits } from '../deps';

/**
 * Route options for every route that runs a scan of the stored answers: a search, or a 30-day preview (the sign-up
 * form, its live preview, the manage page's edit form). One rule for all of them, so a route that runs a preview
 * cannot be left without it: `searchPerMinute` per client IP, counted per route.
 */
export const scanLimit = (limits: RateLimits) => ({
  config: { rateLimit: { max: limits.searchPerMinute, timeWindow: '1 minute' } },
});
