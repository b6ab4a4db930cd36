import http from 'node:http';
import https from 'node:https';
import type { CheckedEndpoint } from '@alerts/subscriptions';

/** A POST that did not get a 2xx: the delivery is tried again later (and the endpoint disabled if it keeps failing). */
class WebhookSendError extends Error {
  override readonly name = 'WebhookSendError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * POST `body` to a checked endpoint, connecting to the address it was checked at (never a second DNS answer), within
 * `timeoutMs` for the whole exchange. Redirects are not followed: a 3xx is a failure, as the specification advises.
 * Resolves on any 2xx; rejects with WebhookSendError otherwise.
 */
export function postWebhook(
  endpoint: CheckedEndpoint,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number },
): Promise<number> {
  const { url, address, family } = endpoint;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'parliament-alerts-webhooks',
          ...headers,
        },
        // Pinned to the checked address; TLS still verifies the certificate against the URL's host name.
        lookup: (_host, opts, callback) => {
          if ((opts as { all?: boolean }).all)
            (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address, family },
            ]);
          else callback(null, address, family);
        },
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // Read (and drop) at most a little of the answer: some servers only finish once it is read.
        let read = 0;
        let text = '';
        response.on('data', (chunk: Buffer) => {
          if (read < 500) text += chunk.toString('utf8', 0, Math.min(chunk.length, 500 - read));
          read += chunk.length;
        });
        response.on('end', () => {
          if (status >= 200 && status < 300) resolve(status);
          else
            reject(
              new WebhookSendError(`HTTP ${status}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}`, status),
            );
        });
        response.on('error', (error) => reject(new WebhookSendError(error.message, status)));
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) =>
      reject(error instanceof WebhookSendError ? error : new WebhookSendError(error.message, null)),
    );
    request.end(body);
  });
}
