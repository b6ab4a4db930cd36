import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A reply the test server gives instead of accepting a recipient, e.g. `{ code: 450, message: 'Try later' }`. */
export interface SmtpReply {
  code: number;
  message: string;
}

/** One message the server accepted. */
export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The exact bytes received, as text. */
  raw: string;
  /** mailparser's view: headers, `html`, `text`, addresses. */
  parsed: ParsedMail;
  /** When the server had the whole message (before it replied). */
  receivedAt: Date;
}

/** Options of {@link startTestSmtpServer}. */
export interface TestSmtpServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Decide per recipient: return a 4xx/5xx reply to refuse it, or nothing to accept. */
  respond?: (recipient: { address: string; from: string }) => SmtpReply | undefined;
  /**
   * Reply 250 as soon as the message is whole and parse it afterwards, as a real MTA replies once the message is
   * queued. By default the server parses first, so `messages` is complete the moment the client's send resolves;
   * this option keeps the parse out of the time between the server taking a message and the client hearing so,
   * which is what a test measuring that window (the mailer's chaos test) wants. Call `settled()` before reading.
   */
  replyBeforeParsing?: boolean;
}

/** A running test SMTP server on 127.0.0.1. */
export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:PORT`, ready for `createSmtpTransport`. */
  url: string;
  /** Everything accepted so far, in order. */
  messages: ReceivedMessage[];
  /** Resolve once `count` messages have arrived in all (waits on events, never on a timer). */
  waitForMessages(count: number): Promise<ReceivedMessage[]>;
  /** Resolve once every message received so far is parsed and in `messages`. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) that records and parses what it receives, for integration tests.
 * Plain SMTP without STARTTLS; AUTH is offered and any credentials pass, so `smtp://user:pass@…` URLs work.
 */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const events = new EventEmitter();
  const parsing = new Set<Promise<void>>();
  const parseErrors: unknown[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'test' });
    },
    onRcptTo(address, session, callback) {
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const reply = options.respond?.({ address: address.address, from });
      if (!reply) return callback();
      callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const receivedAt = new Date();
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        // The message counts from here, whether or not the client lives to read our reply.
        if (options.replyBeforeParsing) callback();
        const done: Promise<void> = simpleParser(raw)
          .then((parsed) => {
            messages.push({ envelope, raw, parsed, receivedAt });
            events.emit('message');
            if (!options.replyBeforeParsing) callback();
          })
          .catch((error: unknown) => {
            // Already accepted: the failure must not vanish, so settled() rethrows it.
            if (options.replyBeforeParsing) parseErrors.push(error);
            else callback(error as Error);
          })
          .finally(() => parsing.delete(done));
        parsing.add(done);
      });
    },
  });
  // A client that dies mid-session (tests kill senders with SIGKILL) resets its socket; smtp-server reports that as
  // an 'error' event, which would otherwise crash the test process. It is the client's problem, not the server's.
  server.on('error', () => {});
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForMessages(count) {
      while (messages.length < count) await once(events, 'message');
      return messages.slice(0, count);
    },
    async settled() {
      while (parsing.size) await Promise.all([...parsing]);
      if (parseErrors.length) throw parseErrors[0];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
