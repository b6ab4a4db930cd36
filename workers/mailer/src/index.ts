export { startMailer } from './start-mailer';
export type { MailerOptions } from './start-mailer';
