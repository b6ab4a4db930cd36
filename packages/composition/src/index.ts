export { composeAlertEmail, describeStored, understandQuery } from './compose-alert-email';
export type { PendingMatch } from './compose-alert-email';
export { composeFollowEmail } from './compose-follow-email';
export type { FollowEmailKind } from './compose-follow-email';
export { LIVE_CLOCK, createDemoClock, demoBanner, loadDemoClock, previewSpan } from './demo-clock';
export type { ReaderClock } from './demo-clock';
export {
  MAX_NAME_CANDIDATES,
  describeWithNames,
  memberNamesOf,
  nearestNames,
  resolveMemberNames,
  writeMemberNames,
} from './member-names';
export type { NameProblem } from './member-names';
export { createQuestionCardsCache } from './question-cards-cache';
export type { CardQuestion, QuestionCardsCache } from './question-cards-cache';
export { questionName } from './question-name';
export type { NamedQuestion } from './question-name';
