import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ReceivedPost {
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every POST, in order of arrival, whatever it was answered. */
  posts: ReceivedPost[];
  /** Answer this status (e.g. 500) until set back to 200. */
  answer: number;
  /** Wait this long before answering each POST (a slow receiver: a kill lands mid-request). */
  delayMs: number;
  /** The PEM certificate of an HTTPS receiver (for NODE_EXTRA_CA_CERTS of the processes that call it). */
  certificateFile: string | null;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with the machine's openssl. */
function selfSigned(dir: string): { key: Buffer; cert: Buffer; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}

/**
 * A local webhook endpoint for tests: records each POST and answers `answer` (200 by default). With `tls`, it serves
 * HTTPS under a fresh self-signed certificate, which callers must trust (NODE_EXTRA_CA_CERTS=certificateFile).
 */
export async function startWebhookReceiver(options: { tls?: boolean } = {}): Promise<WebhookReceiver> {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhook-receiver-'));
  const posts: ReceivedPost[] = [];
  const receiver = { answer: 200, delayMs: 0 } as WebhookReceiver;
  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const status = receiver.answer;
      const answer = () => {
        posts.push({ headers, body: Buffer.concat(chunks).toString('utf8'), status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver says no');
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  };
  const tls = options.tls ? selfSigned(dir) : null;
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
    posts,
    certificateFile: tls?.certFile ?? null,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
