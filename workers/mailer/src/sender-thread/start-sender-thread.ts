import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EmailError, type EmailErrorCode } from '@alerts/email/transports';
import { SentNotRecordedError, type SendAndRecord } from '@alerts/send-and-record';
import type { SenderReply, SenderRequest, SenderThreadData } from './protocol';

export interface SenderThread {
  sendAndRecord: SendAndRecord;
  /**
   * What to warn of its database connections' settings, checked when it started (sessionSettingsWarnings): empty as it
   * should be; otherwise a pooler dropped them ("… plan_cache_mode is auto, not force_generic_plan …").
   */
  warnings: string[];
  /** Wait for sends in flight, close SMTP and database connections, and end the thread. */
  close(): Promise<void>;
}

/**
 * Start the mailer's sender thread (see sender-thread-main.ts) and wait until it is ready. Messages and their record
 * statements go to it; its replies come back as the errors `deliver` expects from any SendAndRecord.
 */
export async function startSenderThread(data: SenderThreadData): Promise<SenderThread> {
  const worker = new Worker(path.join(__dirname, 'entry.cjs'), { workerData: data });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let warnings: string[] = [];

  worker.on('message', (message: SenderReply) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.ok && message.warnings) warnings = message.warnings;
    if (message.ok) return pending.resolve();
    const { error } = message;
    if (message.stage === 'record')
      return pending.reject(new SentNotRecordedError(`sent, but recording it failed: ${error.message}`));
    pending.reject(
      error.code
        ? new EmailError(
            error.code as EmailErrorCode,
            error.message,
            error.responseCode ? { responseCode: error.responseCode } : {},
          )
        : new Error(error.message),
    );
  });
  // A thread that dies takes its in-flight sends with it: fail them (BullMQ retries) and refuse new ones, so the
  // process's supervisor sees the failure rather than a mailer that silently sends nothing.
  const die = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`sender thread exited with code ${code}`)));
  await new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve, reject }); // the thread's first message (id 0) says it has loaded
  });

  const request = (body: Omit<Extract<SenderRequest, { message: unknown }>, 'id'> | { close: true }) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...body });
    });

  return {
    sendAndRecord: (message, record) => request({ message, record }),
    warnings,
    async close() {
      if (!failure) await request({ close: true }).catch(() => {});
      failure = new Error('the sender thread is closed');
      await worker.terminate();
    },
  };
}
