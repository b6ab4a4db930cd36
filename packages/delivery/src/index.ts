export { bounceReportsFromMessage, bounceReportsFromSes } from './bounce-reports';
export type { BounceReport } from './bounce-reports';
export { createDeliveryDeps } from './create-delivery-deps';
export type { DeliveryDeps, DeliveryDepsOptions } from './create-delivery-deps';
export type { DeliveryConfig } from './delivery-config';
export { deliver, deliverPlanned } from './deliver';
export type { DeliverDeps, DeliverOutcome } from './deliver';
export {
  DEFAULT_RETRY_POLICY,
  deliveryIdFor,
  oweDeliveries,
  planDeliveries,
  planGoodbye,
  recordDeliveryFailure,
  retryDelayMs,
  retryFailedDelivery,
} from './delivery-ledger';
export type { DeliveryRetryPolicy } from './delivery-ledger';
export { findDemoFirstDigests } from './demo-first-digests';
export { planDigestRun, recordDigestRun } from './digest-runs';
export { GOODBYE_ADDRESS_KEPT_MS } from './erase-departed-addresses';
export { findFollowNotices } from './find-follow-notices';
export { mayReceiveMail } from './may-receive-mail';
export { subscribersWithPendingMatches } from './pending-digests';
export { loadRecentMatches } from './recent-matches';
export type { RecentMatch } from './recent-matches';
export { reconcile } from './reconcile';
export type { ReconcileReport } from './reconcile';
export { liftSuppression, recordBounceReports, recordDeliveries } from './record-bounce-reports';
export type { BounceOutcome } from './record-bounce-reports';
export { createSubscriberLocks } from './subscriber-locks';
export { ALERT_CHANGE_RETENTION_MS, createSubscriptionIndexCache } from './subscription-index-cache';
export type { SubscriptionIndexCache } from './subscription-index-cache';
export { findUnannouncedImmediate } from './sweep-immediate';
export { findWaitingAlertQueries } from './waiting-alerts';
export { enableWebhook } from './webhooks/enable-webhook';
