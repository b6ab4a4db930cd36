import path from 'node:path';
import { Command } from 'commander';
import { parseBounceFiles, register } from './bounces';

const messages = path.join(__dirname, '..', '..', '..', '..', 'packages', 'bounces', 'test', 'messages');
const file = (name: string) => path.join(messages, name);

describe('alerts bounces parse', () => {
  it('prints one JSON line per bounced recipient, and reports unreadable files on stderr without stopping', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const files = [
      file('two-recipients-dsn.eml'),
      file('not-a-message.txt'),
      file('missing.eml'),
      file('out-of-office.eml'),
      file('arf-complaint.eml'),
    ];
    const unreadable = await parseBounceFiles(files, { out: (line) => out.push(line), err: (line) => err.push(line) });
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      { file: files[0], recipient: 'full@example.net', kind: 'soft', status: '5.2.2' },
      { file: files[0], recipient: 'slow@example.net', kind: 'soft', status: '4.4.1' },
      { file: files[4], recipient: 'hana@example.com', kind: 'complaint', status: null },
    ]);
    expect(err).toEqual([
      `${files[1]}: not an email message: it does not start with header fields`,
      `${files[2]}: cannot read it (ENOENT)`,
    ]);
    expect(unreadable).toBe(2);
  });

  it('exits 0 when every file was read, 1 when one was not', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const run = async (...files: string[]) => {
        process.exitCode = undefined;
        const program = new Command().exitOverride();
        register(program);
        await program.parseAsync(['bounces', 'parse', ...files], { from: 'user' });
        return process.exitCode;
      };
      expect(await run(file('postfix-dsn.eml'), file('out-of-office.eml'))).toBeUndefined();
      expect(write.mock.calls.map((call) => String(call[0]))).toEqual([
        `${JSON.stringify({ file: file('postfix-dsn.eml'), recipient: 'ann@example.com', kind: 'hard', status: '5.1.1' })}\n`,
      ]);
      expect(await run(file('postfix-dsn.eml'), file('missing.eml'))).toBe(1);
    } finally {
      process.exitCode = undefined;
      write.mockRestore();
      writeErr.mockRestore();
    }
  });
});
