import { logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { z } from 'zod';

/** "0,2" or "0-1,3": partition numbers and ranges; unset, every partition. */
const partitionList = z
  .string()
  .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'must list partitions, such as 0,1 or 0-1')
  .transform((value, ctx) => {
    const partitions: number[] = [];
    for (const part of value.split(',')) {
      const [from, to = from] = part.split('-').map((n) => Number(n.trim())) as [number, number?];
      if (to < from)
        ctx.issues.push({ code: 'custom', input: value, message: `range ${part.trim()} runs high to low` });
      for (let p = from; p <= to; p++) partitions.push(p);
    }
    return [...new Set(partitions)].sort((a, b) => a - b);
  })
  .optional();

const schema = z
  .object({
    ...pipelineEnvShape,
    LOG_LEVEL: logLevel,
    /**
     * The partitions whose match jobs this matcher takes (each has its own queue). Unset: all of MATCH_PARTITIONS.
     * Give each matcher a share, and it builds and holds only those partitions' indexes.
     */
    MATCHER_PARTITIONS: partitionList,
  })
  .superRefine((env, ctx) => {
    // Zod runs this even when a field failed; the list is then not a list, and its own error says why.
    if (!Array.isArray(env.MATCHER_PARTITIONS)) return;
    const outside = env.MATCHER_PARTITIONS.filter((p) => p >= env.MATCH_PARTITIONS);
    if (outside.length)
      ctx.addIssue({
        code: 'custom',
        path: ['MATCHER_PARTITIONS'],
        message: `partitions are numbered 0 to ${env.MATCH_PARTITIONS - 1} (MATCH_PARTITIONS=${env.MATCH_PARTITIONS}); got ${outside.join(', ')}`,
      });
  });
export type WorkerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): WorkerEnv =>
  parseEnv(schema, source);
