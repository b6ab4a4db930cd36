import type { Frequency } from '@alerts/db';

/** How often an alert is sent, as the forms offer it. */
export const FREQUENCY_CHOICES: readonly (readonly [Frequency, string])[] = [
  ['IMMEDIATE', 'As soon as new answers arrive'],
  ['DAILY', 'Once a day, in a daily digest'],
  ['WEEKLY', 'Once a week, in a weekly digest'],
];

/** "sent once a day", for the manage page. */
export const FREQUENCY_WORDS: Record<Frequency, string> = {
  IMMEDIATE: 'as soon as new answers arrive',
  DAILY: 'once a day',
  WEEKLY: 'once a week',
};

/** One word for how often, as a list of alerts names them: "‘flood’ (daily)". */
export const FREQUENCY_SHORT: Record<Frequency, string> = { IMMEDIATE: 'immediate', DAILY: 'daily', WEEKLY: 'weekly' };
