import { parseRedisInfo, type RedisDurability } from './read-redis-durability';
import { redisDurabilityWarnings } from './redis-durability-warnings';

const PERSISTENCE_OFF = { aof_enabled: '0', rdb_saves: '0', rdb_last_bgsave_time_sec: '-1' };
const node = (name: string, config: RedisDurability['config'], info: Record<string, string> = {}): RedisDurability => ({
  node: name,
  config,
  info,
});
const codes = (nodes: RedisDurability[]) => redisDurabilityWarnings(nodes).map((w) => w.code);

describe('redisDurabilityWarnings', () => {
  it('is silent for noeviction with AOF, or with RDB save rules', () => {
    expect(
      redisDurabilityWarnings([node('a:1', { maxmemoryPolicy: 'noeviction', appendonly: 'yes', save: '' })]),
    ).toEqual([]);
    expect(
      redisDurabilityWarnings([
        node('a:1', { maxmemoryPolicy: 'noeviction', appendonly: 'no', save: '3600 1 300 100 60 10000' }),
      ]),
    ).toEqual([]);
  });

  it('warns of no persistence with appendonly no and no save rules (the local dev Redis), saying what it costs and the fix', () => {
    const [warning, ...rest] = redisDurabilityWarnings([
      node('127.0.0.1:6379', { maxmemoryPolicy: 'noeviction', appendonly: 'no', save: '' }),
    ]);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ code: 'REDIS_NO_PERSISTENCE', nodes: ['127.0.0.1:6379'] });
    expect(warning!.message).toMatch(/^Redis at 127\.0\.0\.1:6379 has no persistence/);
    expect(warning!.message).toContain('a Redis restart empties the queues');
    expect(warning!.message).toContain('appendonly yes');
  });

  it('warns of any eviction policy but noeviction, naming it', () => {
    const warnings = redisDurabilityWarnings([
      node('a:1', { maxmemoryPolicy: 'allkeys-lru', appendonly: 'yes', save: '' }),
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['REDIS_EVICTION_POLICY']);
    expect(warnings[0]!.message).toContain('maxmemory-policy allkeys-lru, not noeviction');
    expect(warnings[0]!.message).toContain('set maxmemory-policy noeviction');
  });

  it('falls back to INFO where CONFIG is refused: the policy from INFO memory, AOF from INFO persistence', () => {
    expect(
      codes([node('a:1', null, { maxmemory_policy: 'volatile-lru', ...PERSISTENCE_OFF, aof_enabled: '1' })]),
    ).toEqual(['REDIS_EVICTION_POLICY']);
    expect(
      codes([node('a:1', null, { maxmemory_policy: 'noeviction', ...PERSISTENCE_OFF, aof_enabled: '1' })]),
    ).toEqual([]);
  });

  it('takes an RDB snapshot since start as persistence when only INFO is readable, and otherwise says it could not tell', () => {
    expect(codes([node('a:1', null, { maxmemory_policy: 'noeviction', ...PERSISTENCE_OFF, rdb_saves: '3' })])).toEqual(
      [],
    );
    expect(
      codes([node('a:1', null, { maxmemory_policy: 'noeviction', ...PERSISTENCE_OFF, rdb_last_bgsave_time_sec: '0' })]),
    ).toEqual([]);
    const [unknown] = redisDurabilityWarnings([
      node('a:1', null, { maxmemory_policy: 'noeviction', ...PERSISTENCE_OFF }),
    ]);
    expect(unknown!.code).toBe('REDIS_PERSISTENCE_UNKNOWN');
    expect(unknown!.message).toContain('refuses CONFIG GET');
  });

  it('fills what CONFIG GET left out from INFO (a provider that hides some parameters)', () => {
    expect(codes([node('a:1', { save: '' }, { maxmemory_policy: 'allkeys-random', ...PERSISTENCE_OFF })])).toEqual([
      'REDIS_EVICTION_POLICY',
      'REDIS_NO_PERSISTENCE',
    ]);
  });

  it('checks every cluster master and names those with each problem in one warning', () => {
    const warnings = redisDurabilityWarnings([
      node('m1:7000', { maxmemoryPolicy: 'noeviction', appendonly: 'yes', save: '' }),
      node('m2:7001', { maxmemoryPolicy: 'allkeys-lru', appendonly: 'no', save: '' }),
      node('m3:7002', { maxmemoryPolicy: 'allkeys-lru', appendonly: 'no', save: '' }),
    ]);
    expect(warnings.map((w) => [w.code, w.nodes])).toEqual([
      ['REDIS_EVICTION_POLICY', ['m2:7001', 'm3:7002']],
      ['REDIS_NO_PERSISTENCE', ['m2:7001', 'm3:7002']],
    ]);
    expect(warnings[1]!.message).toMatch(/^Redis Cluster masters m2:7001, m3:7002 have no persistence/);
  });
});

describe('parseRedisInfo', () => {
  it('reads key:value lines and skips section headers', () => {
    expect(
      parseRedisInfo('# Persistence\r\nloading:0\r\naof_enabled:1\r\n\r\n# Memory\r\nmaxmemory_policy:noeviction\r\n'),
    ).toEqual({ loading: '0', aof_enabled: '1', maxmemory_policy: 'noeviction' });
  });
});
