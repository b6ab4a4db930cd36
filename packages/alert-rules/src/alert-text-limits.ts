import { MAX_QUERY_LENGTH } from '@alerts/matching';

/**
 * The longest text of an alert, in characters: the one set of limits that storing an alert (sign-up, the manage
 * page, the CLI), the web forms' `maxlength` and every email's schema read, so a stored alert always fits its email.
 * - `label`: the name its subscriber gives it, on one line (labelProblem).
 * - `description`: its query in plain English (describeQuery), as emails show it; a query whose description is
 *   longer (about 40 OR-ed words) is refused when it is stored (checkAlertQuery).
 * - `query`: the query language's own limit, which @alerts/matching owns (MAX_QUERY_LENGTH).
 *
 * Rows stored before these rules (or by hand) may be longer: emails shorten them (fitLabel, fitDescription).
 */
export const ALERT_TEXT_LIMITS = { label: 100, description: 500, query: MAX_QUERY_LENGTH } as const;
