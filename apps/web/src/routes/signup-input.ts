import type { Frequency } from '@alerts/db';
import { checkAlertQuery, labelProblem } from '@alerts/alert-rules';
import {
  isWebhookFormat,
  normaliseEmail,
  PipelineError,
  WEBHOOK_PROBLEM_WORDS,
  webhookEndpointProblem,
  type WebhookEndpointPolicy,
  type WebhookFormat,
} from '@alerts/subscriptions';
import { isFrequency } from '../frequency';
import { formField } from '../http/form-field';
import type { SignupFormErrors } from '../views/signup-form';
import { queryError } from '../views/query-error';

export interface SignupInput {
  email: string;
  baseQuery: string;
  label: string;
  frequency: string;
  /** The "also tell me when such a question is asked" checkbox. */
  includeTabled: boolean;
  department: string;
  member: string;
  questionId: number | null;
  /** "Post to a webhook instead of email": the endpoint ('' for none) and its format ('' told from the address). */
  webhookUrl: string;
  webhookFormat: string;
}

export function readSignupInput(body: unknown): SignupInput {
  const question = formField(body, 'question');
  return {
    email: formField(body, 'email').trim(),
    baseQuery: formField(body, 'query').trim(),
    label: formField(body, 'label').trim(),
    frequency: formField(body, 'frequency') || 'DAILY',
    includeTabled: formField(body, 'includeTabled') === 'yes',
    department: formField(body, 'department').trim(),
    member: formField(body, 'member').trim(),
    questionId: /^\d{1,9}$/.test(question) ? Number(question) : null,
    webhookUrl: formField(body, 'webhookUrl').trim(),
    webhookFormat: formField(body, 'webhookFormat'),
  };
}

/** The query actually saved: the typed query plus any ticked filter from the question page. */
export function fullQuery(input: Pick<SignupInput, 'baseQuery' | 'department' | 'member'>): string {
  const filters = [
    input.department && !/["\\]/.test(input.department) ? `department:"${input.department}"` : '',
    /^\d{1,9}$/.test(input.member) ? `member:${input.member}` : '',
  ].filter(Boolean);
  if (!filters.length) return input.baseQuery;
  return input.baseQuery ? `(${input.baseQuery}) ${filters.join(' ')}` : filters.join(' ');
}

/** Every problem with the form at once, so the visitor fixes them in one go. Empty when it is valid. */
export function checkSignup(
  input: SignupInput,
  options: { requireEmail: boolean },
): { errors: SignupFormErrors; email: string | null } {
  const errors: SignupFormErrors = {};
  let email: string | null = null;
  const query = fullQuery(input);
  if (!query) errors.query = queryError('', { message: 'enter some words to look for', position: 0 });
  else {
    // The parser's rules and the email's (a description the email can hold), so an accepted alert always renders.
    const checked = checkAlertQuery(query);
    if (!checked.ok) errors.query = queryError(query, checked.error);
  }
  if (input.department && /["\\]/.test(input.department))
    errors.query = queryError(input.department, { message: 'that department name cannot be used', position: 0 });
  if (!isFrequency(input.frequency)) errors.frequency = 'Choose how often you want emails.';
  const labelError = labelProblem(input.label);
  if (labelError) errors.label = labelError;
  if (options.requireEmail) {
    try {
      email = normaliseEmail(input.email);
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      errors.email = input.email ? 'Enter an email address like name@example.org.' : 'Enter your email address.';
    }
  }
  return { errors, email };
}

export const asFrequency = (value: string) => value as Frequency;

/**
 * The webhook fields of the sign-up and edit forms: what to store (null: no webhook, the alert emails), or the
 * problem to show beside the field. The endpoint rule is the pipeline's (`checkWebhookEndpoint`), as the CLI's; the
 * words are the web's own (`WEBHOOK_PROBLEM_WORDS`), for a subscriber rather than an operator.
 */
export async function checkWebhookFields(
  fields: { webhookUrl: string; webhookFormat: string },
  policy: WebhookEndpointPolicy,
): Promise<{ error: string } | { webhook: { url: string; format?: WebhookFormat } | null }> {
  if (fields.webhookFormat && !isWebhookFormat(fields.webhookFormat))
    return { error: 'Choose a message format from the list.' };
  if (!fields.webhookUrl) return { webhook: null };
  const problem = await webhookEndpointProblem(fields.webhookUrl, policy);
  if (problem) return { error: WEBHOOK_PROBLEM_WORDS[problem.reason] };
  return {
    webhook: {
      url: fields.webhookUrl,
      ...(fields.webhookFormat ? { format: fields.webhookFormat as WebhookFormat } : {}),
    },
  };
}
