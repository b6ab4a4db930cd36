import { z } from 'zod';
import { EnvError, parseEnv } from './parse-env';
import { DEFAULT_DATABASE_URL, databaseUrl, redisUrl, port } from './schemas';

const schema = z.object({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: port.default(3000) });

describe('parseEnv', () => {
  it('applies defaults that work on a developer machine', () => {
    expect(parseEnv(schema, {})).toEqual({
      DATABASE_URL: DEFAULT_DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
    });
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv(schema, { PORT: '' }).PORT).toBe(3000);
  });

  it('derives the public base URL from PORT when it is not set', () => {
    const withBase = z.object({
      PORT: port.default(3000),
      PUBLIC_BASE_URL: z.string().default('http://localhost:3000'),
    });
    expect(parseEnv(withBase, { PORT: '3457' }).PUBLIC_BASE_URL).toBe('http://localhost:3457');
    expect(parseEnv(withBase, { PORT: '3457', PUBLIC_BASE_URL: 'https://alerts.example.org' }).PUBLIC_BASE_URL).toBe(
      'https://alerts.example.org',
    );
    expect(parseEnv(withBase, {}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
  });

  it('names every invalid variable in its message', () => {
    let error: unknown;
    try {
      parseEnv(schema, { DATABASE_URL: 'mysql://x', PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toMatch(/DATABASE_URL: must be a URL starting with postgresql:\/\//);
    expect(message).toMatch(/PORT:/);
    expect((error as EnvError).issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'PORT']);
  });
});
