import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import { buildSubject } from './build-subject';
import { buildViewModel } from './build-view-model';
import { compileFiller } from './compile-filler';
import {
  compileMjml,
  defaultEmailsDir,
  defaultTemplatesDir,
  emailSourcePath,
  readTextPartials,
} from './compile-templates';
import { parseTemplateData } from './parse-template-data';
import { sampleTemplateData } from './sample-data';
import { sampleAskedCard } from './sample-questions';
import { templateNames, type TemplateName } from './emails/registry';
import type { TemplateData } from './emails/registry';

describe('compileFiller', () => {
  it('fills values, if/else, each and with, escaping HTML', () => {
    const fill = compileFiller(
      '{{#if on}}<b>{{name}}</b>{{else}}off{{/if}}|{{#each items}}[{{this}}]{{/each}}|{{#with o}}{{v}}{{/with}}',
      { escape: true },
    );
    expect(fill({ on: true, name: '<i>&"\'=`', items: ['a', '<'], o: { v: 1 } })).toBe(
      '<b>&lt;i&gt;&amp;&quot;&#x27;&#x3D;&#x60;</b>|[a][&lt;]|1',
    );
    expect(fill({ on: false, name: 'x', items: [], o: null })).toBe('off||');
  });

  it('never evaluates template syntax that arrives in data', () => {
    const fill = compileFiller('{{a}}', { escape: false });
    expect(fill({ a: '{{b}} {{#each c}}x{{/each}}', b: 'SECRET' })).toBe('{{b}} {{#each c}}x{{/each}}');
  });

  it('refuses unescaped output, unknown helpers and prototype paths at compile time', () => {
    expect(() => compileFiller('{{{raw}}}', { escape: true })).toThrow(/unescaped output/);
    expect(() => compileFiller('{{#unless x}}{{/unless}}', { escape: true })).toThrow(/unsupported/);
    expect(() => compileFiller('{{a.constructor}}', { escape: true })).toThrow(/forbidden/);
    expect(() => compileFiller('{{#if a}}', { escape: true })).toThrow(/unclosed/);
    expect(() => compileFiller('{{> nope}}', { escape: true })).toThrow(/unknown partial/);
  });

  it('throws on a value the context lacks instead of printing "undefined"', () => {
    expect(() => compileFiller('{{missing}}', { escape: true })({})).toThrow(/"missing" is missing/);
  });

  it('prints text, numbers and nothing for null, and throws on an object or a list instead of "[object Object]"', () => {
    for (const escape of [true, false]) {
      expect(compileFiller('{{a}}|{{b}}|{{c}}', { escape })({ a: 'x', b: 3, c: null })).toBe('x|3|');
      expect(() => compileFiller('{{a}}', { escape })({ a: { b: 1 } })).toThrow(/printed a value of type object/);
      expect(() => compileFiller('{{a}}', { escape })({ a: ['x', 'y'] })).toThrow(/printed a list/);
    }
  });

  // Handlebars is the reference: on our templates and real data the filler must produce the same bytes.
  // The sample data, plus a card of a question just asked (the card partial's other branch) for the alert emails.
  const withAsked = (name: TemplateName): TemplateData[TemplateName] => {
    const asked = sampleAskedCard('http://localhost:3000');
    if (name === 'immediate') return { ...sampleTemplateData('immediate'), question: asked };
    if (name !== 'digest') return sampleTemplateData(name);
    const data = sampleTemplateData('digest');
    const [first, ...rest] = data.alerts;
    return {
      ...data,
      alerts: [
        { ...first!, totalCount: first!.totalCount + 1, askedCount: 1, questions: [asked, ...first!.questions] },
        ...rest,
      ],
    };
  };
  it.each(
    templateNames.flatMap(
      (name) =>
        [
          [name, sampleTemplateData],
          [name, withAsked],
        ] as const,
    ),
  )('matches Handlebars byte for byte on the %s templates (%p)', async (name, data) => {
    const html = await compileMjml(name);
    const text = await readFile(emailSourcePath(defaultEmailsDir, name, 'txt.hbs'), 'utf8');
    const partials = await readTextPartials(defaultTemplatesDir);
    const parsed = parseTemplateData(name, data(name));
    const context = buildViewModel(name, parsed, buildSubject(name, parsed), {
      maxCardsPerAlert: 10,
      excerptLength: 400,
    });
    const reference = Handlebars.create();
    for (const [partial, source] of Object.entries(partials)) reference.registerPartial(partial, source);
    expect(compileFiller(html, { escape: true })(context)).toBe(reference.compile(html, { strict: true })(context));
    expect(compileFiller(text, { escape: false, partials })(context)).toBe(
      reference.compile(text, { strict: true, noEscape: true })(context),
    );
  });
});
