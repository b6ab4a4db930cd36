import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildUrl, createHttpClient, parseRetryAfter } from './http-client';
import { createLimiter } from './limiter';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('buildUrl', () => {
  it('repeats array parameters and skips undefined ones', () => {
    expect(buildUrl('http://h/base', '/api/x', { answeringBodies: [1, 17], house: undefined, take: 5 })).toBe(
      'http://h/base/api/x?answeringBodies=1&answeringBodies=17&take=5',
    );
  });
});

describe('createHttpClient', () => {
  it('times out a request that hangs, retries, and reports the timeout', async () => {
    const server = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const retries: string[] = [];
    const client = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 100,
      retries: 1,
      sleep: async () => {},
      onRetry: (r) => retries.push(r.reason),
    });
    await expect(client.getJson('/slow')).rejects.toThrow(/timed out after 100 ms after 2 attempts/);
    expect(retries).toEqual(['timed out after 100 ms']);
    server.closeAllConnections();
    server.close();
  });

  it('refuses to sleep through a very long Retry-After', async () => {
    const server = createServer((_req, res) => res.writeHead(429, { 'retry-after': '3123' }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, sleep: async () => {} });
    await expect(client.getJson('/x')).rejects.toThrow(/asked us to wait 3123 s/);
    server.close();
  });

  it('does not retry a 400', async () => {
    let calls = 0;
    const server = createServer((_req, res) => {
      calls++;
      res.writeHead(400).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, sleep: async () => {} });
    await expect(client.getJson('/x')).rejects.toThrow(/HTTP 400$/);
    expect(calls).toBe(1);
    server.close();
  });
});

describe('createLimiter', () => {
  it('never runs more than max tasks at once, even as tasks finish and new ones arrive', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      active--;
    };
    const first = Array.from({ length: 20 }, () => limit(task));
    await Promise.all([...first, ...Array.from({ length: 20 }, () => limit(task))]);
    expect(peak).toBe(3);
  });
});
