/** Subscription ids are database ids: strings (cuids) or integers. `'1'` and `1` are different ids. */
export type SubscriptionId = string | number;

/** One subscription matching one question. */
export interface SubscriptionMatch {
  subscriptionId: SubscriptionId;
  questionId: number;
}
