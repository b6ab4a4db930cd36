// Test-only helpers, exported as `@alerts/email/testing` so production code never loads smtp-server or mailparser.
export {
  startTestSmtpServer,
  type ReceivedMessage,
  type SmtpReply,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from './start-test-smtp-server';
export { dkimSignedHeaders } from './dkim-signed-headers';
export { dkimpyAvailable, verifyDkimWithDkimpy } from './verify-dkim-with-dkimpy';
export { spamAssassinAvailable, scoreWithSpamAssassin } from './score-with-spamassassin';
