import type { DeliveryKind } from './delivery-kind';
import { prepareAlertEmail } from './alert-email';

/** The email of an immediate alert's new matches (a match job's batch, or the sweep's). */
export const immediate: DeliveryKind<'IMMEDIATE'> = {
  frequency: () => 'IMMEDIATE',
  prepare: (deps, client, job, row) => prepareAlertEmail(deps, client, job, row, { feedbackKind: 'immediate' }),
};
