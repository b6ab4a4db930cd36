import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';

/** Debian's Python, where `apt-get install python3-dkim` puts dkimpy (a pyenv `python3` on PATH would not see it). */
const PYTHON = '/usr/bin/python3';

// dkimpy verifies the message on stdin, answering its one DNS query with the test's public key: an independent
// implementation checking our signatures, with no network.
const SCRIPT = `
import sys, dkim
record = sys.argv[1].encode()
def dnsfunc(name, timeout=5):
    return record if name == sys.argv[2].encode() else None
message = sys.stdin.buffer.read()
logged = []
class Log:
    def debug(self, *a): logged.append(str(a[0] % a[1:] if len(a) > 1 else a[0]))
    info = warning = error = debug
ok = dkim.verify(message, logger=Log(), dnsfunc=dnsfunc)
print("PASS" if ok else "FAIL " + " | ".join(logged[-3:]))
`;

/** Whether dkimpy is installed (`apt-get install python3-dkim`); tests that need it skip, saying so, when not. */
export function dkimpyAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import dkim'], { stdio: 'ignore' }).status === 0;
}

/**
 * Verify `raw`'s DKIM signature with dkimpy, as a receiver would, against `publicKeyPem` published (as far as the
 * verifier can tell) at `selector._domainkey.domain`. Returns `{ ok, detail }`; detail says why a failure failed.
 */
export function verifyDkimWithDkimpy(
  raw: string | Buffer,
  key: { publicKeyPem: string; domain: string; selector: string },
): { ok: boolean; detail: string } {
  const der = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
  const record = `v=DKIM1; k=rsa; p=${der}`;
  const result = spawnSync(PYTHON, ['-c', SCRIPT, record, `${key.selector}._domainkey.${key.domain}.`], {
    input: raw,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dkimpy failed to run: ${result.stderr}`);
  const detail = result.stdout.trim();
  return { ok: detail === 'PASS', detail };
}
