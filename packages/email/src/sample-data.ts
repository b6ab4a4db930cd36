import type { EmailDefinition, SampleLinks } from './emails/define-email';
import { emails, type TemplateData, type TemplateName } from './emails/registry';

export { largestDigestData } from './emails/digest/digest';

/** Options of {@link sampleTemplateData}. */
export interface SampleDataOptions {
  baseUrl?: string;
  recipientEmail?: string;
}

/**
 * Data for previewing each template with real questions: `alerts preview digest` uses it. Each email's sample is
 * beside it (`emails/NAME/NAME.ts`); the digest's first alert has more matches than fit, to show "see N more".
 */
export function sampleTemplateData<N extends TemplateName>(name: N, options: SampleDataOptions = {}): TemplateData[N] {
  const baseUrl = options.baseUrl ?? 'http://localhost:3000';
  const links: SampleLinks = {
    recipientEmail: options.recipientEmail ?? 'reader@example.org',
    baseUrl,
    manageUrl: `${baseUrl}/alerts/manage?token=sample-manage-token`,
    unsubscribeUrl: `${baseUrl}/unsubscribe?token=sample-unsubscribe-token`,
  };
  const email: EmailDefinition<(typeof emails)[TemplateName]['schema']> = emails[name];
  return email.sample(links) as TemplateData[N];
}
