import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP door in front of an SMTP server: closed, connections are refused, as when the mail server is down. */
export interface SmtpGate {
  /** `smtp://127.0.0.1:PORT`: give this to the mailer instead of the server's own URL. */
  url: string;
  /** Refuse new connections and cut the open ones (a pooled sender's too). */
  close(): Promise<void>;
  /** Accept connections again, on the same port. */
  open(): Promise<void>;
  /** Close for good. */
  stop(): Promise<void>;
}

/** Open a gate on a free port that forwards to `target` (a port on 127.0.0.1). */
export async function startSmtpGate(target: number): Promise<SmtpGate> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const close = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return { url: `smtp://127.0.0.1:${port}`, close, open: listen, stop: close };
}
