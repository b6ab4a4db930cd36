import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { dkimSettingsFrom } from './dkim-settings-from';
import { EnvError, parseEnv } from './parse-env';
import { pipelineEnvShape } from './pipeline-env';

const schema = z.object(pipelineEnvShape);
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function failure(run: () => unknown): EnvError {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('DKIM configuration', () => {
  it('is off when no DKIM variable is set', () => {
    expect(dkimSettingsFrom(parseEnv(schema, {}))).toBeUndefined();
  });

  it('reads the key from DKIM_PRIVATE_KEY_FILE once, at parse time', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dkim-')), 'key.pem');
    writeFileSync(file, rsaPem);
    const env = parseEnv(schema, { DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'alerts', DKIM_PRIVATE_KEY_FILE: file });
    expect(dkimSettingsFrom(env)).toEqual({ domainName: 'example.org', keySelector: 'alerts', privateKey: rsaPem });
  });

  it('takes DKIM_PRIVATE_KEY with newlines written as \\n', () => {
    const env = parseEnv(schema, {
      DKIM_DOMAIN: 'example.org',
      DKIM_SELECTOR: 'alerts',
      DKIM_PRIVATE_KEY: rsaPem.replace(/\n/g, '\\n'),
    });
    expect(dkimSettingsFrom(env)?.privateKey).toBe(rsaPem);
  });

  it('refuses a key that does not parse, naming the variable', () => {
    const error = failure(() =>
      parseEnv(schema, {
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'alerts',
        DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
      }),
    );
    expect(error.issues).toEqual([
      { variable: 'DKIM_PRIVATE_KEY', message: expect.stringMatching(/^does not parse as a PEM private key/) },
    ]);
    expect(error.message).toMatch(/DKIM_PRIVATE_KEY: does not parse/);
  });

  it('refuses a key file that is missing or holds no key, and a key that is not RSA', () => {
    expect(failure(() => parseEnv(schema, { DKIM_PRIVATE_KEY_FILE: '/nonexistent/dkim.pem' })).message).toMatch(
      /DKIM_PRIVATE_KEY_FILE: cannot be read \(ENOENT\)/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'dkim-'));
    writeFileSync(
      path.join(dir, 'public.pem'),
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    expect(failure(() => parseEnv(schema, { DKIM_PRIVATE_KEY_FILE: path.join(dir, 'public.pem') })).message).toMatch(
      /DKIM_PRIVATE_KEY_FILE: does not parse as a PEM private key/,
    );
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(failure(() => parseEnv(schema, { DKIM_PRIVATE_KEY: ed })).message).toMatch(
      /DKIM_PRIVATE_KEY: is a ed25519 key; DKIM signing here needs RSA/,
    );
  });

  it('refuses half a configuration, naming what is missing', () => {
    const env = parseEnv(schema, { DKIM_PRIVATE_KEY: rsaPem });
    expect(failure(() => dkimSettingsFrom(env)).issues.map((issue) => issue.variable)).toEqual([
      'DKIM_DOMAIN',
      'DKIM_SELECTOR',
    ]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dkim-')), 'key.pem');
    writeFileSync(file, rsaPem);
    const both = parseEnv(schema, {
      DKIM_DOMAIN: 'example.org',
      DKIM_SELECTOR: 'a',
      DKIM_PRIVATE_KEY: rsaPem,
      DKIM_PRIVATE_KEY_FILE: file,
    });
    expect(failure(() => dkimSettingsFrom(both)).message).toMatch(
      /set only one of DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE/,
    );
  });
});
