import { EmailError } from './email-error';
import {
  isTemplateName,
  templateNames,
  templateSchemas,
  type ParsedTemplateData,
  type TemplateName,
} from './emails/registry';

/**
 * Validate `data` for template `name`, applying defaults.
 *
 * @throws EmailError `EMAIL_TEMPLATE_UNKNOWN` for a name not in `templateNames`; `EMAIL_DATA_INVALID` naming the
 *   first bad path (e.g. `alerts.0.questions.1.url: must be an http(s) URL`).
 */
export function parseTemplateData<N extends TemplateName>(name: N, data: unknown): ParsedTemplateData[N] {
  assertTemplateName(name);
  const result = templateSchemas[name].safeParse(data);
  if (result.success) return result.data as ParsedTemplateData[N];
  const { issues } = result.error;
  const describe = (issue: (typeof issues)[number]) => `${issue.path.join('.') || '(root)'}: ${issue.message}`;
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  throw new EmailError(
    'EMAIL_DATA_INVALID',
    `Invalid data for the "${name}" email at ${issues.slice(0, 3).map(describe).join('; ')}${more}`,
    { path: issues[0]?.path.join('.') ?? '', cause: result.error },
  );
}

/** @throws EmailError `EMAIL_TEMPLATE_UNKNOWN`, listing the valid names. */
export function assertTemplateName(name: string): asserts name is TemplateName {
  if (!isTemplateName(name)) {
    throw new EmailError(
      'EMAIL_TEMPLATE_UNKNOWN',
      `Unknown email template "${name}"; valid templates: ${templateNames.join(', ')}`,
    );
  }
}
