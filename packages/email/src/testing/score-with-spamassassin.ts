import { spawnSync } from 'node:child_process';

/** Whether SpamAssassin is installed (`apt-get install spamassassin`); tests that need it skip, saying so, when not. */
export function spamAssassinAvailable(): boolean {
  return spawnSync('spamassassin', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Score a raw message with SpamAssassin's local tests only (`spamassassin -L -t`: no DNS blocklists, no network), as
 * a receiving server would judge its content. Returns the score and the names of the rules that hit.
 */
export function scoreWithSpamAssassin(raw: string | Buffer): { score: number; rules: string[] } {
  const result = spawnSync('spamassassin', ['-L', '-t'], { input: raw, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`spamassassin failed to run: ${result.stderr}`);
  // X-Spam-Status: No, score=-0.0 required=5.0 tests=HTML_MESSAGE,NO_RECEIVED,\n\tNO_RELAYS autolearn=… (folded)
  const headers = result.stdout.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const status = /^X-Spam-Status: .*?score=(-?[\d.]+) .*?tests=(.*?)(?: [a-z_]+=|$)/m.exec(headers);
  if (!status) throw new Error('spamassassin gave no X-Spam-Status header');
  const rules = status[2]!.split(/[,\s]+/).filter((rule) => rule && rule !== 'none');
  return { score: Number(status[1]), rules };
}
