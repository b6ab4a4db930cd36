import { Writable } from 'node:stream';
import { createLogger, redactText } from './create-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', destination }) };
}

describe('createLogger', () => {
  it('redacts emails and tokens in fields and in messages', () => {
    const { lines, logger } = capture();
    logger.info(
      { email: 'ann@example.org', job: { to: 'bob@example.org', token: 'abc.def' }, count: 3 },
      'sent to cat@example.org via http://x/unsubscribe/eyJhIjoxfQ.c2ln',
    );
    expect(lines[0]).toMatchObject({
      email: '[redacted]',
      job: { to: '[redacted]', token: '[redacted]' },
      count: 3,
      msg: 'sent to [email] via http://x/unsubscribe/[token]',
      level: 'info',
    });
    expect(JSON.stringify(lines)).not.toMatch(/example\.org/);
  });

  it('redacts inside error messages', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error('550 mailbox ann@example.org unknown') }, 'send failed');
    expect(lines[0]).toMatchObject({ err: { message: '550 mailbox [email] unknown' } });
    expect(redactText('nothing personal')).toBe('nothing personal');
  });
});
