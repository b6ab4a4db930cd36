/** A message ready to send, as `buildMessage` makes it. Every header value in it is already header-safe. */
export interface OutgoingMessage {
  /** Formatted From header, e.g. `"Parliament Alerts" <alerts@example.org>`. */
  from: string;
  /** Formatted To header. */
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<uuid@domain>`; also the id transports return. */
  messageId: string;
  /** SMTP envelope: `from` is the bounce address (VERP-ready), `to` the bare recipient address. */
  envelope: { from: string; to: string };
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted, … */
  headers: Record<string, string>;
}

/** What a transport reports after handing a message over. */
export interface SendResult {
  messageId: string;
  /** Recipient addresses the server took. */
  accepted: string[];
  /** Recipient addresses the server refused (when at least one other was accepted). */
  rejected: string[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued`. */
  response?: string;
}

/**
 * The one way this system sends mail. Implementations: SMTP (`createSmtpTransport`), the dev mailbox
 * (`createDevMailboxTransport`), and in tests any of them pointed at `startTestSmtpServer`.
 */
export interface MailTransport {
  /**
   * Send one message.
   *
   * @throws EmailError `EMAIL_SEND_TRANSIENT` (retry later) or `EMAIL_SEND_PERMANENT` (suppress the recipient).
   */
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Finish in-flight sends where possible and release connections. */
  close(): Promise<void>;
}

/** DKIM signing settings; `DKIM_SIGNED_HEADERS` (create-dkim-signer.ts) lists the headers signed. */
export interface DkimSettings {
  /** Signing domain (`d=`), e.g. `example.org`. */
  domainName: string;
  /** Selector (`s=`): the key is published at `SELECTOR._domainkey.DOMAIN`. */
  keySelector: string;
  /** PEM private key (RSA). */
  privateKey: string;
}
