import type { z } from 'zod';
import type { ViewModelOptions } from '../card-view';

/** The links every sample email carries; each email's `sample` takes what it needs. */
export interface SampleLinks {
  recipientEmail: string;
  baseUrl: string;
  manageUrl: string;
  unsubscribeUrl: string;
}

/**
 * Everything about one email but its MJML and text sources, which sit beside its definition as
 * `emails/NAME/NAME.mjml` and `emails/NAME/NAME.txt.hbs`. Listed once in `emails/registry.ts`.
 */
export interface EmailDefinition<S extends z.ZodType> {
  /** What a caller passes to `render(name, data)`; zod applies the defaults. */
  schema: S;
  /** The subject line, naming the content; the renderer cleans it to one header line of at most 150 characters. */
  subject(data: z.output<S>): string;
  /**
   * Exactly what the templates read (excerpts cut, dates formatted, counts worded). One object literal of a fixed
   * shape, with absent values `null`, never missing: templates compile in strict mode.
   */
  viewModel(data: z.output<S>, subject: string, options: ViewModelOptions): Record<string, unknown>;
  /** Data for previews and tests (`alerts preview NAME`), from the bundled sample questions where it shows any. */
  sample(links: SampleLinks): z.input<S>;
}

/** Identity, for the types: `defineEmail({ schema, subject, viewModel, sample })` infers the data from the schema. */
export function defineEmail<S extends z.ZodType>(definition: EmailDefinition<S>): EmailDefinition<S> {
  return definition;
}
