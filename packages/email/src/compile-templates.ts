import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mjml2html from 'mjml';
import { compileFiller, type TemplateFiller } from './compile-filler';
import { EmailError } from './email-error';
import { templateNames, type TemplateName } from './emails/registry';

/** Both parts of every template, ready to fill. */
export type CompiledTemplates = Record<TemplateName, { html: TemplateFiller; text: TemplateFiller }>;

/** `templates/` at the repository root, next to `packages/`: the layout and partials every email shares. */
export const defaultTemplatesDir = path.resolve(__dirname, '../../../templates');

/** `src/emails/`: a folder per email, `NAME/NAME.mjml` and `NAME/NAME.txt.hbs` beside its definition `NAME/NAME.ts`. */
export const defaultEmailsDir = path.resolve(__dirname, 'emails');

/** Where {@link compileTemplates} reads its sources. */
export interface TemplateDirs {
  /** The shared layout and partials (`partials/*.mjml`, `partials/*.txt.hbs`). Default {@link defaultTemplatesDir}. */
  templatesDir?: string;
  /** The emails, a folder each. Default {@link defaultEmailsDir}. */
  emailsDir?: string;
}

/**
 * Compile every template once: MJML → responsive, Outlook-safe HTML that still holds the Handlebars tags, then
 * that HTML → a JavaScript filler (`compileFiller`, a fast Handlebars subset). Rendering a recipient is then only
 * the fill (tens of microseconds), never MJML (about 15 ms). Data never reaches MJML or the template compiler,
 * so `{{…}}` in data stays text.
 *
 * @throws EmailError `EMAIL_TEMPLATE_INVALID` when an MJML source has errors.
 */
export async function compileTemplates(dirs: TemplateDirs = {}): Promise<CompiledTemplates> {
  const { templatesDir = defaultTemplatesDir, emailsDir = defaultEmailsDir } = dirs;
  const partials = await readTextPartials(templatesDir);
  const entries = await Promise.all(
    templateNames.map(async (name) => {
      const html = await compileMjml(name, { templatesDir, emailsDir });
      const text = await readFile(emailSourcePath(emailsDir, name, 'txt.hbs'), 'utf8');
      const fillHtml = compileFiller(html, { escape: true });
      // Plain text must not be HTML-escaped; it is a text/plain part, where markup is inert.
      const fillText = compileFiller(text, { escape: false, partials });
      return [name, { html: fillHtml, text: fillText }] as const;
    }),
  );
  return Object.fromEntries(entries) as CompiledTemplates;
}

/** Sources of the shared plain-text partials (`templates/partials/*.txt.hbs`), by name. */
export async function readTextPartials(templatesDir: string): Promise<Record<string, string>> {
  const names = ['card', 'footer'];
  const sources = await Promise.all(
    names.map((name) => readFile(path.join(templatesDir, 'partials', `${name}.txt.hbs`), 'utf8')),
  );
  return Object.fromEntries(names.map((name, i) => [name, sources[i]!]));
}

/** `emailsDir/NAME/NAME.EXTENSION`: one of the sources in an email's folder. */
export function emailSourcePath(emailsDir: string, name: TemplateName, extension: 'mjml' | 'txt.hbs'): string {
  return path.join(emailsDir, name, `${name}.${extension}`);
}

/** MJML source of template `name` → HTML that still holds its `{{…}}` tags. */
export async function compileMjml(name: TemplateName, dirs: TemplateDirs = {}): Promise<string> {
  const { templatesDir = defaultTemplatesDir, emailsDir = defaultEmailsDir } = dirs;
  const filePath = emailSourcePath(emailsDir, name, 'mjml');
  const source = await readFile(filePath, 'utf8');
  // mjml 5 is async; includes are off by default and confined to includePath when on. MJML resolves an include
  // from the folder of `filePath`; given the shared templates/ folder, `<mj-include path="./partials/head.mjml">`
  // means templates/partials/head.mjml from every email's folder, and nothing outside templates/ can be included.
  const result = await mjml2html(source, {
    filePath: templatesDir,
    ignoreIncludes: false,
    includePath: templatesDir,
    validationLevel: 'strict',
    fonts: {},
    // Comments in the sources are notes for us, not bytes for every recipient (Outlook's conditionals are MJML's own).
    keepComments: false,
  });
  if (result.errors.length > 0) {
    const detail = result.errors.map((error) => error.formattedMessage).join('; ');
    throw new EmailError('EMAIL_TEMPLATE_INVALID', `${path.relative(process.cwd(), filePath)}: ${detail}`);
  }
  return collapseIndentation(result.html);
}

function collapseIndentation(html: string): string {
  // MJML indents generously: half its output is whitespace between tags, which every message then carries and
  // every send encodes. Our mj-text content is written on one line, so no whitespace between inline elements
  // (which would show as a space) is lost; Outlook's conditional comments do not care.
  return html
    .replace(/>\s+</g, '><')
    .replace(/>\s+\{\{/g, '>{{')
    .replace(/\}\}\s+</g, '}}<')
    .replace(/[ \t]*\n\s*/g, '\n');
}
