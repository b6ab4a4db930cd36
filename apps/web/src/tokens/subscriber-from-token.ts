import type { Subscriber } from '@alerts/db';
import type { TokenPurpose } from '@alerts/tokens';
import type { AppDeps } from '../deps';
import { HttpError } from '../http-error';

/**
 * Verify a subscriber token (TokenError on a bad, expired or wrong-purpose one) and load its subscriber, or null
 * when they no longer exist. A token signed before the subscriber's tokenVersion was bumped is refused (410),
 * unless `allowOldVersion` (one-click unsubscribe must keep working from any old email).
 */
export async function subscriberFromToken(
  deps: Pick<AppDeps, 'db' | 'signer' | 'now'>,
  token: string,
  purpose: Exclude<TokenPurpose, 'feed'>,
  options: { allowOldVersion?: boolean } = {},
): Promise<Subscriber | null> {
  const claims = deps.signer.verify(token, purpose, (deps.now?.() ?? new Date()).getTime());
  const subscriber = await deps.db.subscriber.findUnique({ where: { id: claims.subject } });
  if (subscriber && subscriber.tokenVersion !== claims.version && !options.allowOldVersion) {
    throw new HttpError(410, 'This link has been replaced by a newer one. Please use the link in your latest email.');
  }
  return subscriber;
}

export const gone = () =>
  new HttpError(404, 'We have no alerts for this link any more. You may already have unsubscribed.');
