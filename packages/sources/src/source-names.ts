// No imports: the queue's job schema and the scheduler read this through `@alerts/sources/names` without loading
// the sources themselves (the sample, the HTTP client, the HTML sanitiser).

/** Every source of questions, by name: the one list the CLI's `--source`, the ingest job's schema and the scheduler read. */
export const SOURCE_NAMES = ['parliament', 'sample'] as const;

export type SourceName = (typeof SOURCE_NAMES)[number];

/** The source a process uses when none is named: the Parliament API when one is configured, else the bundled sample. */
export function defaultSourceName(settings: { parliamentApiUrl?: string | undefined }): SourceName {
  return settings.parliamentApiUrl ? 'parliament' : 'sample';
}
