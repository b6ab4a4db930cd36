import { cleanHeaderText } from './clean-header-text';
import type { EmailDefinition } from './emails/define-email';
import { emails, type ParsedTemplateData, type TemplateName } from './emails/registry';

/**
 * The subject line: it names the content ("3 new answers: encryption, Home Office") and is always one clean
 * header line (no CR/LF, at most 150 characters), whatever the data holds. Each email words its own
 * (`emails/NAME/NAME.ts`).
 */
export function buildSubject<N extends TemplateName>(name: N, data: ParsedTemplateData[N]): string {
  const email: EmailDefinition<(typeof emails)[TemplateName]['schema']> = emails[name];
  return cleanHeaderText(email.subject(data), 150);
}
