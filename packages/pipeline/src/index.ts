export {
  addSubscription,
  assertAlertText,
  confirmSubscriber,
  expireUnconfirmedSignups,
  listSubscriptions,
  removeAllSubscriptions,
  removeSubscription,
  revokeLinks,
  setSubscriptionDisabled,
  setSubscriptionPaused,
  UNCONFIRMED_SIGNUP_DAYS,
  updateSubscription,
} from './subscriptions';
export type { AddSubscriptionInput } from './subscriptions';
export { adoptLegacyConfirmation, confirmationEmailData, confirmRequest, findConfirmation, prepareConfirmation } from './confirmation';
// An alert's own rules (@alerts/alert-rules owns them), for the callers that store alerts through this package.
export { checkAlertQuery, labelProblem } from '@alerts/alert-rules';
export { mailboxKey, normaliseEmail } from './email-address';
export { PipelineError } from './errors';
export { partitionOf, PARTITION_COUNT } from './partition';
export { dispatchMatchJobs, finishMatchWork, MATCH_CURSOR } from './dispatch-match-jobs';
export { matchAndPlan } from './match-and-plan';
export { reconcile } from './reconcile';
export { GOODBYE_ADDRESS_KEPT_MS } from './erase-departed-addresses';
export type { ReconcileOptions, ReconcileQueues, ReconcileReport } from './reconcile';
export { DEFAULT_RETRY_POLICY, oweDeliveries, PLAN_GRACE_MS, planDeliveries, planGoodbye, recordDeliveryFailure, retryDelayMs, retryFailedDelivery } from './delivery-ledger';
export type { DeliveryQueue, DeliveryRetryPolicy, FailureOutcome } from './delivery-ledger';
export { planDigestRun, recordDigestRun } from './digest-runs';
export { findOwedConfirmations } from './owed-confirmations';
export { findOwedManageLinks } from './owed-manage-links';
export { requestManageLink } from './manage-link-requests';
export type { ManageLinkCap } from './manage-link-requests';
export { runMatchJob } from './run-match-job';
export type { MatchJobResult } from './run-match-job';
export { ALERT_CHANGE_RETENTION_MS, createSubscriptionIndexCache } from './subscription-index-cache';
export type { SubscriptionIndexCache } from './subscription-index-cache';
export { subscribersWithPendingMatches } from './pending-digests';
export { findUnannouncedImmediate } from './sweep-immediate';
export type { UnannouncedImmediate } from './sweep-immediate';
export { mayReceiveMail } from './may-receive-mail';
export { confirmFollows, FOLLOW_CORRECTION_WINDOW_DAYS, followQuestion, listFollows, setOverdueNote, unfollow } from './follows';
export { FOLLOWABLE_STATES, FOLLOWABLE_STATES_SQL, isFollowable } from './followable-states';
export { questionName, questionTitle } from './question-name';
export type { NamedQuestion } from './question-name';
export type { FollowQuestionInput } from './follows';
export { findFollowNotices, FOLLOW_EVENT_KINDS } from './find-follow-notices';
export type { FollowNotice } from './find-follow-notices';
export { ALERT_EVENT_KINDS } from './load-questions';
export { loadDeliveryState, recordSent } from './delivery-store';
export { createSubscriberLocks } from './subscriber-locks';
export type { SubscriberLocks } from './subscriber-locks';
export type { DeliveryState, SentRecord, SqlClient, SqlPool } from './delivery-store';
export type { PendingMatch } from './compose-alert-email';
export { deliver, deliverPlanned } from './deliver';
export { createSendAndRecord, SentNotRecordedError } from './send-and-record';
export type { SendAndRecord } from './send-and-record';
export type { DeliverDeps, DeliverOutcome } from './deliver';
export type { DeliveryDeps } from './create-delivery-deps';
export { tokenLinks } from './pipeline-config';
export type { DeliveryConfig } from './pipeline-config';
export { createDeliveryDeps, deliveryConfigFrom, mailTransportOptionsFrom, retryPolicyFrom } from './create-delivery-deps';
export { runCycle } from './run-cycle';
export type { CycleReport, RunCycleOptions } from './run-cycle';
export { replayAsNew } from './demo-replay';
export { findDemoFirstDigests } from './demo-first-digests';
export { createDemoClock, demoBanner, LIVE_CLOCK, loadDemoClock, newsWord, previewSpan, readerToday } from './demo-clock';
export type { DemoFacts, ReaderClock } from './demo-clock';
export { buildCard } from './build-cards';
export { createQuestionCardsCache } from './question-cards-cache';
export { composeAlertEmail } from './compose-alert-email';
export type { CardQuestion, QuestionCardsCache } from './question-cards-cache';
export { deliveryIdFor } from './delivery-ledger';
export { bounceReportsFromMessage, bounceReportsFromSes } from './bounce-reports';
export type { BounceReport } from './bounce-reports';
export { liftSuppression, recordBounceReports, recordDeliveries } from './record-bounce-reports';
export type { BounceOutcome } from './record-bounce-reports';
export { softBouncesSuppress } from './soft-bounces-suppress';
export {
  describeMember,
  describeWithNames,
  editDistance,
  findMembersByName,
  loadMemberNames,
  MAX_NAME_CANDIDATES,
  memberIdsIn,
  memberNamesOf,
  nearestNames,
  resolveMemberNames,
  writeMemberNames,
} from './member-names';
export type { MemberNameResolution, NameProblem } from './member-names';
export {
  chosenWebhookFormat,
  isWebhookFormat,
  regenerateWebhookSecret,
  removeAlertWebhook,
  setAlertWebhook,
  WEBHOOK_FORMATS,
  webhookEndpointProblem,
  type WebhookEndpointPolicy,
} from './webhooks/alert-webhook';
export { enableWebhook } from './webhooks/enable-webhook';
export { webhookFormatOf, type WebhookFormat } from './webhooks/format';
export { checkWebhookEndpoint, parseAllowHosts, WebhookEndpointError } from './webhooks/endpoint';
export { signWebhook } from './webhooks/signature';
