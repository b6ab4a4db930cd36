import { Frequency } from '@alerts/db';

/** Every frequency, in the schema's order (fastest first). */
export const FREQUENCIES: readonly Frequency[] = Object.values(Frequency);

export const isFrequency = (value: string): value is Frequency => (FREQUENCIES as readonly string[]).includes(value);
