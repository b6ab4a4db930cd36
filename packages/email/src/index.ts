// Rendering: templates compiled once, filled per recipient.
export { render } from './render';
export { createRenderer, type EmailRenderer, type RenderedEmail, type RendererOptions } from './create-renderer';
export { HTML_BUDGET_BYTES } from './html-budget';
export { parseTemplateData, assertTemplateName } from './parse-template-data';
// One folder per email (emails/NAME/: MJML, text part, and NAME.ts with schema, subject, view model and sample data),
// listed once in emails/registry.ts.
export {
  emails,
  templateNames,
  isTemplateName,
  templateSchemas,
  type TemplateName,
  type TemplateData,
  type ParsedTemplateData,
} from './emails/registry';
export { defineEmail, type EmailDefinition, type SampleLinks } from './emails/define-email';
export { cardSchema, alertSchema, MAX_DIGEST_ALERTS, type Card } from './template-schemas';
export {
  confirmationDataSchema,
  pendingAlertSchema,
  type ConfirmationData,
  type PendingAlert,
} from './emails/confirmation/confirmation';
export { digestDataSchema, type DigestData } from './emails/digest/digest';
export { isDeliverableAddress, EMAIL_ADDRESS_LIMITS } from './email-address-rule';
export { buildExcerpt, type ExcerptSegment, type ExcerptOptions } from './build-excerpt';

// Messages and sending.
export { buildMessage, verpDecode, verpEncode, type BuildMessageOptions, type Mailbox } from './build-message';
export type { MailTransport, OutgoingMessage, SendResult, DkimSettings } from './mail-transport';
export { createMailTransport, type MailTransportOptions } from './create-mail-transport';
export { createSmtpTransport, type SmtpTransportOptions } from './smtp-transport';
export { createDevMailboxTransport, type DevMailboxOptions } from './dev-mailbox-transport';
export { listMailbox, readMailboxMessage, type MailboxEntry, type StoredMessage } from './read-mailbox';
export { DKIM_SIGNED_HEADERS, createDkimSigner, type DkimSigner } from './create-dkim-signer';
export { classifySmtpError, toSendError, type SmtpErrorKind } from './classify-smtp-error';
export { EmailError, isEmailError, type EmailErrorCode, type EmailErrorDetails } from './email-error';

// Sample data for previews (real questions, Open Parliament Licence v3.0).
export { sampleTemplateData, largestDigestData, type SampleDataOptions } from './sample-data';
