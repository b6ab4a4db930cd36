import { buildSubject } from './build-subject';
import { buildViewModel } from './build-view-model';
import { compileTemplates } from './compile-templates';
import { createExcerptMemo, cutExcerpt } from './excerpt-memo';
import { fitDigest, type DigestContext } from './fit-digest';
import { fitFollow } from './fit-follow';
import { HTML_BUDGET_BYTES } from './html-budget';
import { parseTemplateData } from './parse-template-data';
import type { TemplateData, TemplateName } from './emails/registry';

/** One email, ready for `buildMessage`. */
export interface RenderedEmail {
  /** One header-safe line naming the content. */
  subject: string;
  html: string;
  text: string;
}

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  /** Folder of the shared layout and partials. Default: `templates/` at the repository root. */
  templatesDir?: string;
  /** Folder of the emails, `NAME/NAME.mjml` and `NAME/NAME.txt.hbs` each. Default: `src/emails/` of this package. */
  emailsDir?: string;
  /** Cards shown per alert in a digest before "see N more". Default 10. */
  maxCardsPerAlert?: number;
  /** Characters of question and answer text in each excerpt. Default 400. */
  excerptLength?: number;
  /**
   * Remember each card's excerpt by its exact text and highlighted words, so a question shown to many recipients is
   * cut once (see createExcerptMemo). Default true.
   */
  rememberExcerpts?: boolean;
  /**
   * Most bytes of HTML in one email (default HTML_BUDGET_BYTES, 100,000: Gmail clips beyond about 102 KB). A
   * digest over it keeps as many cards as fit and links to the rest on the web (fitDigest); a follow email cuts its
   * question and answer texts (fitFollow). The other emails are small by construction.
   */
  htmlBudgetBytes?: number;
}

/** Renders emails from templates compiled once; `render` is synchronous and cheap. */
export interface EmailRenderer {
  /**
   * Cards a digest shows per alert at most (the `maxCardsPerAlert` option): the one cap. Callers read it to build no
   * more cards than will be shown; the renderer applies it.
   */
  readonly maxCardsPerAlert: number;
  /**
   * Validate `data` against the template's schema and fill the precompiled template.
   *
   * @throws EmailError `EMAIL_DATA_INVALID` (with `path`) or `EMAIL_TEMPLATE_UNKNOWN`.
   */
  render<N extends TemplateName>(name: N, data: TemplateData[N]): RenderedEmail;
}

/** Compile every template (MJML once, about a second in all) and return a renderer that reuses them. */
export async function createRenderer(options: RendererOptions = {}): Promise<EmailRenderer> {
  const templates = await compileTemplates({ templatesDir: options.templatesDir, emailsDir: options.emailsDir });
  const viewOptions = {
    maxCardsPerAlert: options.maxCardsPerAlert ?? 10,
    excerptLength: options.excerptLength ?? 400,
    excerpt: options.rememberExcerpts === false ? cutExcerpt : createExcerptMemo(),
  };
  const htmlBudget = options.htmlBudgetBytes ?? HTML_BUDGET_BYTES;
  return {
    maxCardsPerAlert: viewOptions.maxCardsPerAlert,
    render(name, data) {
      const parsed = parseTemplateData(name, data);
      const subject = buildSubject(name, parsed);
      const context = buildViewModel(name, parsed, subject, viewOptions);
      const template = templates[name];
      // The text part is filled from the same context as the HTML, so it lists the same cards.
      const fitted =
        name === 'digest'
          ? fitDigest(context as DigestContext, template.html, htmlBudget)
          : name === 'follow'
            ? fitFollow(context, template.html, htmlBudget)
            : { context, html: template.html(context) };
      return { subject, html: fitted.html, text: template.text(fitted.context) };
    },
  };
}
