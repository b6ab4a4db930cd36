import { EnvError } from '@alerts/config';
import { loadEnv } from './env';

const partitionsOf = (source: Record<string, string>) => loadEnv(source).MATCHER_PARTITIONS;

const errorOf = (source: Record<string, string>): string => {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('MATCHER_PARTITIONS', () => {
  it('is unset by default: the matcher takes every partition', () => {
    expect(partitionsOf({})).toBeUndefined();
  });

  it('reads numbers and ranges, in order, each once', () => {
    expect(partitionsOf({ MATCHER_PARTITIONS: '2,0' })).toEqual([0, 2]);
    expect(partitionsOf({ MATCH_PARTITIONS: '8', MATCHER_PARTITIONS: ' 4-6, 1 ,5' })).toEqual([1, 4, 5, 6]);
    expect(partitionsOf({ MATCHER_PARTITIONS: '3' })).toEqual([3]);
  });

  it('refuses a partition the deployment does not have, naming the range it has', () => {
    expect(errorOf({ MATCH_PARTITIONS: '4', MATCHER_PARTITIONS: '1,4,7' })).toContain(
      'MATCHER_PARTITIONS: partitions are numbered 0 to 3 (MATCH_PARTITIONS=4); got 4, 7',
    );
  });

  it('refuses what is not a list of partitions', () => {
    for (const bad of ['a', '1,,2', '-1', '1-', '0.5'])
      expect(errorOf({ MATCHER_PARTITIONS: bad })).toContain('MATCHER_PARTITIONS: must list partitions');
    expect(errorOf({ MATCHER_PARTITIONS: '3-1' })).toContain('MATCHER_PARTITIONS: range 3-1 runs high to low');
  });
});
