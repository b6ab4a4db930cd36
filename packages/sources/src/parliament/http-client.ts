import { createLimiter } from './limiter';

export interface HttpClientOptions {
  baseUrl: string;
  /** Requests in flight at once. Parliament's APIs answer sustained bursts with 429s; 3 is what works. */
  maxInFlight?: number;
  /** Per-request timeout in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and network errors. Default 5. */
  retries?: number;
  /** First backoff in milliseconds, doubled each retry (with jitter). Default 1 000. */
  backoffMs?: number;
  /** A Retry-After longer than this (seconds) fails the request instead of sleeping. Default 300. */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { url: string; attempt: number; waitMs: number; reason: string }) => void;
}

/** An HTTP failure that retrying will not fix (4xx other than 429), or retries ran out. */
export class HttpError extends Error {
  readonly code = 'HTTP_ERROR';
  constructor(
    message: string,
    readonly status: number | null,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpClient {
  getJson(
    path: string,
    query?: Record<string, string | number | boolean | (string | number)[] | undefined>,
  ): Promise<unknown>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header: either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - now) / 1000));
}

export function buildUrl(baseUrl: string, path: string, query: Parameters<HttpClient['getJson']>[1] = {}): string {
  const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // Array parameters repeat the key (answeringBodies=1&answeringBodies=17), as ASP.NET binds them.
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url.toString();
}

/** A JSON GET client with a concurrency cap, timeouts, and retries that honour Retry-After. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const {
    baseUrl,
    maxInFlight = 3,
    timeoutMs = 30_000,
    retries = 5,
    backoffMs = 1_000,
    maxRetryAfterSeconds = 300,
    fetch: doFetch = fetch,
    sleep = defaultSleep,
    onRetry,
  } = options;
  const limit = createLimiter(maxInFlight);

  async function attempt(
    url: string,
  ): Promise<
    | { ok: true; body: unknown }
    | { ok: false; retryable: boolean; reason: string; status: number | null; retryAfter: number | null }
  > {
    try {
      const response = await doFetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) {
        const text = await response.text();
        try {
          return { ok: true, body: JSON.parse(text) };
        } catch {
          return {
            ok: false,
            retryable: false,
            reason: 'response was not JSON',
            status: response.status,
            retryAfter: null,
          };
        }
      }
      await response.body?.cancel();
      const retryable = response.status === 429 || response.status >= 500;
      return {
        ok: false,
        retryable,
        reason: `HTTP ${response.status}`,
        status: response.status,
        retryAfter: parseRetryAfter(response.headers.get('retry-after')),
      };
    } catch (error) {
      const name = (error as Error).name;
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `timed out after ${timeoutMs} ms`
          : `network error: ${(error as Error).message}`;
      return { ok: false, retryable: true, reason, status: null, retryAfter: null };
    }
  }

  return {
    getJson: (path, query) =>
      limit(async () => {
        const url = buildUrl(baseUrl, path, query);
        for (let attemptNo = 0; ; attemptNo++) {
          const result = await attempt(url);
          if (result.ok) return result.body;
          if (!result.retryable || attemptNo >= retries) {
            const tries = attemptNo + 1;
            throw new HttpError(
              `GET ${url} failed: ${result.reason}${result.retryable ? ` after ${tries} attempts` : ''}`,
              result.status,
              url,
            );
          }
          if (result.retryAfter !== null && result.retryAfter > maxRetryAfterSeconds) {
            throw new HttpError(
              `GET ${url}: the server asked us to wait ${result.retryAfter} s (Retry-After); try again later`,
              result.status,
              url,
            );
          }
          const exponential = backoffMs * 2 ** attemptNo * (0.75 + Math.random() * 0.5);
          const waitMs = result.retryAfter !== null ? result.retryAfter * 1000 : Math.min(exponential, 60_000);
          onRetry?.({ url, attempt: attemptNo + 1, waitMs, reason: result.reason });
          await sleep(waitMs);
        }
      }),
  };
}
