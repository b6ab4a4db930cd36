import type { DeliveryKind } from './delivery-kind';
import { prepareAlertEmail } from './alert-email';

/** A daily or weekly digest of a subscriber's alerts of that frequency. */
export const digest: DeliveryKind<'DIGEST'> = {
  frequency: (job) => job.frequency,
  prepare: (deps, client, job, row) =>
    prepareAlertEmail(deps, client, job, row, { feedbackKind: `digest-${job.frequency.toLowerCase()}` }),
};
