import type { ViewModelOptions } from './card-view';
import type { EmailDefinition } from './emails/define-email';
import { emails, type ParsedTemplateData, type TemplateName } from './emails/registry';

/**
 * Turn validated data into exactly what the templates read: excerpts cut and split into highlight runs, dates
 * formatted, cards capped, counts worded. Templates hold no logic beyond `if` and `each`. Each email builds its own
 * (`emails/NAME/NAME.ts`).
 */
export function buildViewModel<N extends TemplateName>(
  name: N,
  data: ParsedTemplateData[N],
  subject: string,
  options: ViewModelOptions,
): Record<string, unknown> {
  const email: EmailDefinition<(typeof emails)[TemplateName]['schema']> = emails[name];
  return email.viewModel(data, subject, options);
}
