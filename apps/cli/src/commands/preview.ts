import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertTemplateName, isEmailError, render, sampleTemplateData, type TemplateName } from '@alerts/email';
import type { Command } from 'commander';

/** Options of {@link previewEmail}. */
export interface PreviewOptions {
  template: string;
  /** JSON file with the template's data; default: the bundled sample questions. */
  dataFile?: string;
  /** Where the HTML goes; the text part goes beside it as `.txt`. Default `artifacts/preview/TEMPLATE.html`. */
  out?: string;
}

/** What {@link previewEmail} wrote. */
export interface PreviewResult {
  subject: string;
  htmlFile: string;
  textFile: string;
}

/**
 * Render one email for a designer to open in a browser.
 *
 * @throws Error for an unknown template (listing the valid ones), unreadable JSON, or data failing the schema.
 */
export async function previewEmail(options: PreviewOptions): Promise<PreviewResult> {
  const { template } = options;
  assertTemplateName(template);
  const data = options.dataFile ? await readData(options.dataFile) : sampleTemplateData(template);
  let rendered;
  try {
    rendered = await render(template, data as Parameters<typeof render<TemplateName>>[1]);
  } catch (error) {
    if (options.dataFile && isEmailError(error, 'EMAIL_DATA_INVALID')) {
      throw new Error(`--data ${options.dataFile}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  const htmlFile = path.resolve(options.out ?? path.join('artifacts', 'preview', `${template}.html`));
  const textFile = htmlFile.replace(/\.html?$/i, '') + '.txt';
  await mkdir(path.dirname(htmlFile), { recursive: true });
  await writeFile(htmlFile, rendered.html);
  await writeFile(textFile, rendered.text);
  return { subject: rendered.subject, htmlFile, textFile };
}

async function readData(file: string): Promise<unknown> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`--data ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new Error(`--data ${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

export function register(program: Command): void {
  program
    .command('preview')
    .description('Render an email (confirmation, digest, immediate, goodbye) with sample or given data to an HTML file')
    .argument('<template>', 'confirmation | digest | immediate | goodbye')
    .option('--data <file>', 'JSON data for the template instead of the bundled sample questions')
    .option('--out <file>', 'HTML file to write (a .txt of the text part goes beside it)')
    .action(async (template: string, opts: { data?: string; out?: string }) => {
      const result = await previewEmail({
        template,
        ...(opts.data ? { dataFile: opts.data } : {}),
        ...(opts.out ? { out: opts.out } : {}),
      });
      process.stdout.write(`Subject: ${result.subject}\nWrote ${result.htmlFile}\nWrote ${result.textFile}\n`);
    });
}
