import { readFile } from 'node:fs/promises';
import { parseBounce, UnreadableMessageError } from '@alerts/bounces';
import type { Command } from 'commander';

/** Where {@link parseBounceFiles} writes: one JSON line per bounced recipient, and a line per unreadable file. */
export interface BounceOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * Read each file as one raw message and print one JSON line per bounced or complaining recipient:
 * `{"file","recipient","kind","status"}`. A file that cannot be read, or is no email message, is reported on `err`
 * and the rest go on; a message that is no bounce prints nothing. Returns how many files could not be read.
 */
export async function parseBounceFiles(files: string[], output: BounceOutput): Promise<number> {
  let unreadable = 0;
  for (const file of files) {
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (error) {
      unreadable += 1;
      output.err(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    try {
      for (const entry of parseBounce(raw)) {
        output.out(JSON.stringify({ file, recipient: entry.recipient, kind: entry.kind, status: entry.status }));
      }
    } catch (error) {
      if (!(error instanceof UnreadableMessageError)) throw error;
      unreadable += 1;
      output.err(`${file}: ${error.message}`);
    }
  }
  return unreadable;
}

export function register(program: Command): void {
  const bounces = program.command('bounces').description('Read bounce and complaint messages');
  bounces
    .command('parse')
    .description(
      'Print one JSON line per bounced recipient found in each message file: {"file","recipient","kind","status"}',
    )
    .argument('<files...>', 'raw messages (.eml), one per file')
    .action(async (files: string[]) => {
      const unreadable = await parseBounceFiles(files, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
      // Exit 0 only when every file was read; the lines of the readable ones are printed either way.
      if (unreadable) process.exitCode = 1;
    });
}
