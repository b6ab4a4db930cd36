import { z } from 'zod';
import { assertProductionMailSettings } from './assert-production-mail-settings';
import { EnvError, parseEnv } from './parse-env';
import { pipelineEnvShape } from './pipeline-env';

const schema = z.object(pipelineEnvShape);

describe('assertProductionMailSettings', () => {
  it('lets the localhost defaults through outside production', () => {
    expect(() => assertProductionMailSettings(parseEnv(schema, {}))).not.toThrow();
  });

  it('refuses each localhost default in production, naming the variable', () => {
    let error: unknown;
    try {
      assertProductionMailSettings(parseEnv(schema, { NODE_ENV: 'production' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).issues.map((issue) => issue.variable)).toEqual([
      'MAIL_FROM_ADDRESS',
      'MESSAGE_ID_DOMAIN',
      'PUBLIC_BASE_URL',
    ]);
    expect((error as EnvError).message).toMatch(
      /MAIL_FROM_ADDRESS: is alerts@localhost\.localdomain; in production set an address on your own domain/,
    );
  });

  it('refuses loopback addresses and reserved names too, and accepts real ones', () => {
    const env = (vars: Record<string, string>) =>
      parseEnv(schema, {
        NODE_ENV: 'production',
        MAIL_FROM_ADDRESS: 'alerts@example.org',
        MESSAGE_ID_DOMAIN: 'alerts.example.org',
        PUBLIC_BASE_URL: 'https://alerts.example.org',
        ...vars,
      });
    expect(() => assertProductionMailSettings(env({}))).not.toThrow();
    expect(() => assertProductionMailSettings(env({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }))).toThrow(
      /PUBLIC_BASE_URL: is http:\/\/127\.0\.0\.1:3000/,
    );
    expect(() => assertProductionMailSettings(env({ PUBLIC_BASE_URL: 'http://[::1]:3000' }))).toThrow(
      /PUBLIC_BASE_URL/,
    );
    expect(() => assertProductionMailSettings(env({ MAIL_FROM_ADDRESS: 'a@alerts.localhost' }))).toThrow(
      /MAIL_FROM_ADDRESS/,
    );
    expect(() => assertProductionMailSettings(env({ MESSAGE_ID_DOMAIN: 'mail.test' }))).toThrow(/MESSAGE_ID_DOMAIN/);
  });

  it('lets a local rehearsal of production through only when told so explicitly', () => {
    expect(() =>
      assertProductionMailSettings(parseEnv(schema, { NODE_ENV: 'production', ALLOW_LOCAL_MAIL_SETTINGS: 'true' })),
    ).not.toThrow();
    expect(() =>
      assertProductionMailSettings(parseEnv(schema, { NODE_ENV: 'production', ALLOW_LOCAL_MAIL_SETTINGS: 'false' })),
    ).toThrow(/MAIL_FROM_ADDRESS/);
  });
});
