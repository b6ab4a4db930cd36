export {
  adoptLegacyConfirmation,
  confirmRequest,
  confirmationEmailData,
  findConfirmation,
  prepareConfirmation,
} from './confirmation';
export { normaliseEmail } from './email-address';
export { PipelineError } from './errors';
export { FOLLOWABLE_STATES_SQL, isFollowable } from './followable-states';
export { FOLLOW_CORRECTION_WINDOW_DAYS, followQuestion, listFollows, setOverdueNote, unfollow } from './follows';
export { requestManageLink } from './manage-link-requests';
export { PARTITION_COUNT, partitionOf, partitionShares } from './partition';
export {
  UNCONFIRMED_SIGNUP_DAYS,
  addSubscription,
  confirmSubscriber,
  expireUnconfirmedSignups,
  listSubscriptions,
  removeAllSubscriptions,
  removeSubscription,
  revokeLinks,
  setSubscriptionDisabled,
  setSubscriptionPaused,
  updateSubscription,
} from './subscriptions';
export {
  isWebhookFormat,
  regenerateWebhookSecret,
  removeAlertWebhook,
  setAlertWebhook,
  webhookEndpointProblem,
} from './webhooks/alert-webhook';
export type { WebhookEndpointPolicy } from './webhooks/alert-webhook';
export { checkWebhookEndpoint, parseAllowHosts } from './webhooks/endpoint';
export { WebhookEndpointError } from './webhooks/endpoint';
export type { CheckedEndpoint } from './webhooks/endpoint';
export { WEBHOOK_PROBLEM_WORDS } from './webhooks/endpoint-words';
export type { WebhookFormat } from './webhooks/format';
export { signWebhook } from './webhooks/signature';
