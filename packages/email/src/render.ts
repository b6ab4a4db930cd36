import { createRenderer, type EmailRenderer, type RenderedEmail } from './create-renderer';
import type { TemplateData, TemplateName } from './emails/registry';

let shared: Promise<EmailRenderer> | undefined;

/**
 * Render one email with the default templates and options, compiling them on first use (mjml 5 compiles
 * asynchronously, hence the promise; later calls only fill). For a loop over many recipients, or other options,
 * hold a renderer from `createRenderer` and call its synchronous `render`.
 *
 * @throws EmailError `EMAIL_DATA_INVALID` naming the bad path, or `EMAIL_TEMPLATE_UNKNOWN`.
 */
export async function render<N extends TemplateName>(name: N, data: TemplateData[N]): Promise<RenderedEmail> {
  shared ??= createRenderer().catch((error: unknown) => {
    shared = undefined; // let the next call try again rather than caching the failure
    throw error;
  });
  return (await shared).render(name, data);
}
