import { parentPort, workerData } from 'node:worker_threads';
import { composeMime, createMailTransport, isEmailError } from '@alerts/email/transports';
import { createSendAndRecord, SentNotRecordedError } from '@alerts/send-and-record';
import { createSqlPool, sessionSettingsWarnings } from '@alerts/db/sql-pool';
import type { SenderReply, SenderRequest, SenderThreadData } from './protocol';

// The sender thread: SMTP sends and the statement that records each one, and nothing else. Its event loop is idle
// but for those, so the moment the server's 250 arrives the commit goes out, whatever the main thread is rendering
// or collecting at the time.
const data = workerData as SenderThreadData;
const port = parentPort!;
const transport = createMailTransport(data.transport);
// The pool alone (`@alerts/db/sql-pool`), not `@alerts/db`, whose index loads Prisma into this light thread. Its
// statements are the record statements, each a lookup by key however long its arrays: planned once per connection
// (genericPlans), where PostgreSQL's plan cache otherwise planned nearly every call afresh.
const pool = createSqlPool({
  url: data.databaseUrl,
  poolSize: data.poolSize,
  genericPlans: true,
  applicationName: data.applicationName,
});
const sendAndRecord = createSendAndRecord(transport, pool);

/** The outcome as a message: errors do not cross threads intact, so each travels as where it failed and its facts. */
async function handle(request: Extract<SenderRequest, { message: unknown }>): Promise<SenderReply> {
  try {
    await sendAndRecord(request.message, request.record);
    return { id: request.id, ok: true };
  } catch (error) {
    const e = error as Error & { responseCode?: number };
    return {
      id: request.id,
      ok: false,
      stage: error instanceof SentNotRecordedError ? 'record' : 'send',
      error: {
        message: e.message,
        ...(isEmailError(error) ? { code: error.code } : {}),
        ...(e.responseCode ? { responseCode: e.responseCode } : {}),
      },
    };
  }
}

port.on('message', (request: SenderRequest) => {
  if ('close' in request) {
    void Promise.allSettled([transport.close(), pool.end()]).then(() =>
      port.postMessage({ id: request.id, ok: true } satisfies SenderReply),
    );
    return;
  }
  void handle(request).then((reply) => port.postMessage(reply));
});

// A fresh thread's code is cold: its first MIME compositions take milliseconds each, and a 250 arriving meanwhile
// waits behind them. Composing a few dozen digest-sized messages before the first real one makes them fast.
const warmHtml = `<p>${'Warm-up text of a digest-sized message. '.repeat(1_500)}</p>`;
for (let i = 0; i < 40; i++) {
  composeMime({
    from: '"Parliament Alerts" <alerts@example.invalid>',
    to: 'warm-up@example.invalid',
    subject: 'Warm-up',
    html: warmHtml,
    text: warmHtml,
    messageId: `<warm-up-${i}@example.invalid>`,
    envelope: { from: 'alerts@example.invalid', to: 'warm-up@example.invalid' },
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}
// Loaded and listening: the main thread waits for this before taking jobs. It carries what the mailer should warn of
// its connections' settings (a pooler that drops startup options).
void sessionSettingsWarnings(pool, { whose: 'the sender thread', genericPlans: true }).then((warnings) =>
  port.postMessage({ id: 0, ok: true, warnings } satisfies SenderReply),
);
