import { z } from 'zod';

/**
 * When soft bounces suppress an address: the one place these numbers are set (the bouncer and the web app's SES
 * webhook both read them). At least SOFT_BOUNCE_LIMIT soft bounces, the first and the last at least
 * SOFT_BOUNCE_MIN_SPAN_HOURS apart, all within the last SOFT_BOUNCE_WINDOW_DAYS, and no delivery reported since the
 * first: a mailbox full for three days is given up, a burst of refusals in one bad hour is not.
 */
export const bounceEnvShape = {
  SOFT_BOUNCE_LIMIT: z.coerce.number().int().min(1).default(3),
  SOFT_BOUNCE_MIN_SPAN_HOURS: z.coerce.number().min(0).default(72),
  SOFT_BOUNCE_WINDOW_DAYS: z.coerce.number().positive().default(30),
};

/** The soft-bounce threshold, as `recordBounceReports` in @alerts/delivery takes it. */
export interface SoftBouncePolicy {
  /** Soft bounces that suppress. */
  limit: number;
  /** The least time between the first and the last of them, in ms. */
  minSpanMs: number;
  /** Only soft bounces this recent count, in ms. */
  windowMs: number;
}

export function softBouncePolicyFrom(env: {
  SOFT_BOUNCE_LIMIT: number;
  SOFT_BOUNCE_MIN_SPAN_HOURS: number;
  SOFT_BOUNCE_WINDOW_DAYS: number;
}): SoftBouncePolicy {
  return {
    limit: env.SOFT_BOUNCE_LIMIT,
    minSpanMs: env.SOFT_BOUNCE_MIN_SPAN_HOURS * 3600_000,
    windowMs: env.SOFT_BOUNCE_WINDOW_DAYS * 86_400_000,
  };
}
