// The sending half of this package alone, without the templates and MJML: for processes and threads that only send
// (the mailer's sender thread loads this in a fraction of the time and memory the whole package takes).
export type { MailTransport, OutgoingMessage, SendResult, DkimSettings } from './mail-transport';
export { createMailTransport, type MailTransportOptions } from './create-mail-transport';
export { EmailError, isEmailError, type EmailErrorCode } from './email-error';
export { composeMime } from './compose-mime';
