/** A tiny seeded PRNG (mulberry32) so property and fuzz tests are reproducible from a printed seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the environment (`SEED=…`) to replay a failure, else a fresh one. */
export function testSeed(): number {
  const fromEnv = Number(process.env.SEED);
  return Number.isInteger(fromEnv) && process.env.SEED ? fromEnv : Math.floor(Math.random() * 2 ** 31);
}
