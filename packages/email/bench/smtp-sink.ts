// A minimal SMTP sink for the send benchmark, run as a child process so it does not share the sender's event loop.
// It accepts everything, counts messages and bytes, and parses nothing.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let messages = 0;
let bytes = 0;
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      messages += 1;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (request: unknown) => {
  if (request === 'stats') process.send?.({ messages, bytes });
  if (request === 'stop') server.close(() => process.exit(0));
});
