export { startMailer } from './start-mailer';
export type { MailerOptions } from './start-mailer';
export { createMailerDelivery, mailerDbPoolSize, startMailerRole } from './mailer-role';
