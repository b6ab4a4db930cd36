import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSampleRecords } from '../sample/load-sample';
import { readFileSync } from 'node:fs';
import { samplePath } from '../sample/sample-files';

type Item = { value: Record<string, unknown>; links?: unknown };

/** A scripted failure: the n-th matching request gets this status (and headers) instead of the real response. */
export interface Fault {
  match: (url: URL) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** How many matching requests fail before the real answer comes. Default 1. */
  times?: number;
}

export interface FixtureApi {
  baseUrl: string;
  requests: URL[];
  /** Most requests in flight at once, as the server saw them. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * The real list items mySociety recorded (truncated text, as the list route serves them) and, for the detail
 * route, the same questions with the full texts mySociety cached from `/questions/{id}`. Served the way the
 * Written Questions API serves them: filtered by the date window and house, paged with skip/take. `list` and
 * `details` are read on every request, so a test can change them between runs (an answer arriving).
 */
export function recordedResponses(): { list: Item[]; details: Map<number, Item> } {
  const list = JSON.parse(readFileSync(samplePath('commonsList'), 'utf8')) as Item[];
  const details = new Map<number, Item>();
  for (const item of loadSampleRecords())
    details.set(item.value.id as number, {
      value: item.value,
      links: [{ rel: 'self', href: `/Questions/${String(item.value.id)}`, method: 'GET' }],
    });
  return { list, details };
}

const inRange = (date: unknown, from: string | null, to: string | null) =>
  typeof date === 'string' && (!from || date.slice(0, 10) >= from) && (!to || date.slice(0, 10) <= to);

export async function startFixtureApi(options: {
  list: Item[];
  details: Map<number, Item>;
  faults?: Fault[];
  latencyMs?: number;
}): Promise<FixtureApi> {
  const faults = (options.faults ?? []).map((fault) => ({ ...fault, remaining: fault.times ?? 1 }));
  const state = { requests: [] as URL[], inFlight: 0, maxInFlight: 0 };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    state.requests.push(url);
    const fault = faults.find((f) => f.remaining > 0 && f.match(url));
    if (fault) {
      fault.remaining--;
      return send(res, fault.status, fault.body ?? { status: fault.status, title: 'scripted failure' }, fault.headers);
    }
    const detail = url.pathname.match(/^\/api\/writtenquestions\/questions\/(\d+)$/i);
    if (detail) {
      const item = options.details.get(Number(detail[1]));
      return item ? send(res, 200, item) : send(res, 404, { status: 404, title: 'Not Found' });
    }
    if (url.pathname.toLowerCase() === '/api/writtenquestions/questions') {
      const q = url.searchParams;
      const house = q.get('house');
      const matches = options.list.filter(
        (item) =>
          (!house || item.value.house === house) &&
          (q.has('answeredWhenFrom')
            ? inRange(item.value.dateAnswered, q.get('answeredWhenFrom'), q.get('answeredWhenTo'))
            : true) &&
          (q.has('correctedWhenFrom')
            ? inRange(item.value.dateAnswerCorrected, q.get('correctedWhenFrom'), q.get('correctedWhenTo'))
            : true) &&
          (q.has('tabledWhenFrom')
            ? inRange(item.value.dateTabled, q.get('tabledWhenFrom'), q.get('tabledWhenTo'))
            : true) &&
          // Withdrawn questions are hidden unless asked for, as the API's includeWithdrawn implies.
          (q.get('includeWithdrawn') === 'true' || item.value.isWithdrawn !== true),
      );
      const skip = Number(q.get('skip') ?? 0);
      const take = Number(q.get('take') ?? 20);
      return send(res, 200, { totalResults: matches.length, results: matches.slice(skip, skip + take) });
    }
    send(res, 404, { status: 404, title: 'Not Found' });
  };

  const server = createServer((req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    setTimeout(() => handle(req, res), options.latencyMs ?? 2);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
