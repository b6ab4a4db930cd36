import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { createRenderer, type EmailRenderer } from './create-renderer';
import { isEmailError } from './email-error';
import { sampleTemplateData } from './sample-data';
import { sampleAskedCard } from './sample-questions';
import { templateNames } from './emails/registry';
import type { DigestData } from './emails/digest/digest';

const LICENCE_URL = 'https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/';
const ATTRIBUTION = 'Contains Parliamentary information licensed under the Open Parliament Licence v3.0.';

let renderer: EmailRenderer;
beforeAll(async () => {
  renderer = await createRenderer();
});

/** Visible text of an HTML part: tags out, entities of interest decoded, whitespace collapsed. */
function visibleText(html: string): string {
  const text = html
    .replace(/<(style|title)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return decode(text)
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1');
}
function decode(escaped: string): string {
  return escaped
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
/** Distinct link targets of an HTML part, unescaped. */
const hrefs = (html: string) => [...new Set([...html.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]!)))];

describe.each(templateNames)('the %s email with sample data', (name) => {
  it('has a subject, an HTML part and a text part with the licence attribution and a way back', () => {
    const data = sampleTemplateData(name);
    const { subject, html, text } = renderer.render(name, data);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBeGreaterThan(10);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(`<title>${subject.replace(/"/g, '&quot;')}</title>`);
    expect(visibleText(html)).toContain(ATTRIBUTION);
    expect(hrefs(html)).toContain(LICENCE_URL);
    expect(text).toContain(ATTRIBUTION);
    expect(text).toContain(LICENCE_URL);
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text).not.toMatch(/\n{3,}/);
    expect(html).not.toContain('{{');
    expect(text).not.toContain('{{');
    if (name === 'goodbye') {
      expect(hrefs(html)).toContain('http://localhost:3000/alerts/new');
      expect(text).toContain('Subscribe again: http://localhost:3000/alerts/new');
    } else {
      const links = data as { manageUrl: string; unsubscribeUrl: string };
      expect(hrefs(html)).toEqual(expect.arrayContaining([links.manageUrl, links.unsubscribeUrl]));
      expect(text).toContain(`Manage your alerts: ${links.manageUrl}`);
      expect(text).toContain(`Unsubscribe: ${links.unsubscribeUrl}`);
    }
  });
});

describe('digest', () => {
  it('shows a section per alert, caps cards at 10, links each question and offers the rest', () => {
    const data = sampleTemplateData('digest');
    const [bases, nuclear] = data.alerts;
    const { subject, html, text } = renderer.render('digest', data);
    const total = bases!.totalCount + nuclear!.totalCount;
    expect(subject).toBe(`${total} new answers: military bases, ${nuclear!.description}`);
    const shown = bases!.questions.slice(0, 10);
    for (const card of shown) {
      expect(hrefs(html)).toContain(card.url);
      expect(hrefs(html)).toContain(card.parliamentUrl);
      expect(text).toContain(`Read it: ${card.url}`);
    }
    const hidden = bases!.questions[10]!;
    expect(hrefs(html)).not.toContain(hidden.url);
    expect(visibleText(html)).toContain(`See all ${bases!.totalCount} for military bases on the web`);
    expect(hrefs(html)).toContain('http://localhost:3000/search?q=bases');
    expect(text).toContain(
      `See all ${bases!.totalCount} for military bases on the web: http://localhost:3000/search?q=bases`,
    );
    for (const card of nuclear!.questions) expect(hrefs(html)).toContain(card.url);
    expect(visibleText(html)).toContain(nuclear!.description);
    expect(visibleText(html)).toContain('Answered by Al Carns (Labour)');
    expect(visibleText(html)).toContain('Asked by Jeremy Corbyn');
  });

  it('highlights the matched words in the excerpt of each card', () => {
    const { html, text } = renderer.render('digest', sampleTemplateData('digest'));
    const highlighted = [...html.matchAll(/<b style="background-color:#fff0a0;">([^<]*)<\/b>/g)].map((m) => m[1]);
    expect(highlighted.length).toBeGreaterThanOrEqual(12);
    const words = new Set(highlighted.map((w) => w!.toLowerCase()));
    expect(words.has('bases') && words.has('nuclear')).toBe(true);
    for (const word of words) expect(['bases', 'base', 'nuclear']).toContain(word);
    expect(text).toMatch(/\*bases\*/);
    expect(text).toMatch(/\*nuclear\*/i);
  });

  it('labels the question and the answer when a card has them apart', () => {
    const data = sampleTemplateData('immediate');
    const question = {
      ...data.question,
      questionText: 'To ask about nuclear bases.',
      text: 'We keep nuclear bases safe.',
      highlight: ['nuclear'],
      holding: false,
    };
    const { html, text } = renderer.render('immediate', { ...data, question });
    expect(visibleText(html)).toMatch(/Question: To ask about nuclear bases\. Answer: We keep nuclear bases safe\./);
    expect(html).toMatch(/Question: <\/b>To ask/); // a real space after the label, not one the minifier removes
    expect(text).toContain('Question: To ask about *nuclear* bases.\n\nAnswer: We keep *nuclear* bases safe.');
    const holding = renderer.render('immediate', { ...data, question: { ...question, holding: true } });
    expect(visibleText(holding.html)).toContain('Holding answer: We keep nuclear bases safe.');
    expect(visibleText(holding.html)).toMatch(/Replied \d+ \w+ \d{4} · Holding answer/);
  });

  it('leaves web and email addresses in an excerpt as they are, in the text part and the HTML', () => {
    const data = sampleTemplateData('immediate');
    const url = 'https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans';
    const text = `The education figures are published at ${url}; questions to education.data@education.gov.uk.`;
    const rendered = renderer.render('immediate', {
      ...data,
      question: { ...data.question, text, highlight: ['education'] },
    });
    expect(rendered.text).toContain(
      `The *education* figures are published at ${url}; questions to education.data@education.gov.uk.`,
    );
    expect(visibleText(rendered.html)).toContain(text);
    expect(rendered.html.match(/<b style="background-color:#fff0a0;">/g)).toHaveLength(1);
  });

  it('respects maxCardsPerAlert', async () => {
    const small = await createRenderer({ maxCardsPerAlert: 2 });
    const data = sampleTemplateData('digest');
    const { html } = small.render('digest', data);
    expect(hrefs(html).filter((href) => href.includes('/questions/'))).toHaveLength(4);
    expect(visibleText(html)).toContain(`See all ${data.alerts[0]!.totalCount} for military bases on the web`);
  });
});

describe('a question just asked (an alert with includeTabled)', () => {
  it('says it was asked and is not yet answered, when it is due, and links to following it, in both parts', () => {
    const data = sampleTemplateData('immediate');
    const { subject, html, text } = renderer.render('immediate', {
      ...data,
      question: sampleAskedCard('http://localhost:3000'),
    });
    expect(subject).toBe('New question on Healthtech: Commons question 26882');
    const visible = visibleText(html);
    expect(visible).toContain('New question');
    expect(visible).toContain('Asked 2 September 2026 · Not yet answered · due for answer by 7 September 2026');
    expect(visible).toContain(
      'Question: To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.',
    );
    expect(visible).toContain('Email me when this is answered');
    expect(visible).not.toMatch(/Answered \d|Read the question and answer|New answer/);
    expect(hrefs(html)).toContain('http://localhost:3000/questions/1937695#follow');
    expect(text).toMatch(/^NEW QUESTION: Healthtech/);
    expect(text).toContain(
      'Department of Health and Social Care · Asked 2 September 2026 · Not yet answered · due for answer by 7 September 2026',
    );
    expect(text).toContain(
      'Question: To ask the Secretary of State for Health and Social Care, if she intends double the number of *medical* *school* places.',
    );
    expect(text).toContain(
      'It has not been answered yet. Email me when this is answered: http://localhost:3000/questions/1937695#follow',
    );
    expect(text).not.toContain('Read it:');
  });

  it('says an asked question withdrawn since will not be answered, and offers no follow', () => {
    const data = sampleTemplateData('immediate');
    const { html, text } = renderer.render('immediate', {
      ...data,
      question: { ...sampleAskedCard('http://localhost:3000'), withdrawn: true },
    });
    const visible = visibleText(html);
    expect(visible).toContain('Asked 2 September 2026 · Withdrawn');
    expect(visible).toContain('It was withdrawn and will not be answered.');
    expect(visible).not.toMatch(/Not yet answered|due for answer|Email me when this is answered|Answered \d/);
    expect(hrefs(html)).not.toContain('http://localhost:3000/questions/1937695#follow');
    expect(text).toContain('Department of Health and Social Care · Asked 2 September 2026 · Withdrawn\n');
    expect(text).toContain(
      'It was withdrawn and will not be answered. Read it: http://localhost:3000/questions/1937695',
    );
  });

  it('counts askings apart from answers in a digest, and a digest of answers alone keeps its words', () => {
    const data = sampleTemplateData('digest');
    const [bases] = data.alerts;
    const answers = bases!.questions.slice(0, 2);
    const mixed = {
      ...data,
      alerts: [
        { ...bases!, totalCount: 3, askedCount: 1, questions: [...answers, sampleAskedCard('http://localhost:3000')] },
      ],
    };
    const { subject, html, text } = renderer.render('digest', mixed);
    expect(subject).toBe('2 new answers, 1 new question: military bases');
    expect(visibleText(html)).toContain('New written questions and answers');
    expect(visibleText(html)).toContain('2 new answers, 1 new question');
    expect(text).toMatch(/^NEW WRITTEN QUESTIONS AND ANSWERS\n/);
    expect(text).toContain('== military bases (2 new answers, 1 new question) ==');
    expect(text.match(/Not yet answered/g)).toHaveLength(1);
    expect(text.match(/Read it: /g)).toHaveLength(2);

    const onlyAsked = {
      ...data,
      alerts: [{ ...bases!, totalCount: 1, askedCount: 1, questions: [sampleAskedCard('http://localhost:3000')] }],
    };
    expect(renderer.render('digest', onlyAsked).subject).toBe('1 new question: military bases');
    const plain = renderer.render('digest', { ...data, alerts: [{ ...bases!, totalCount: 2, questions: answers }] });
    expect(plain.subject).toBe('2 new answers: military bases');
    expect(plain.text).toMatch(
      /^NEW ANSWERS TO WRITTEN QUESTIONS\n\nMinisters have answered questions that match your alerts\./,
    );
  });
});

describe('hostile text', () => {
  const hostile = `<script>alert("x")</script> "quoted" 'single' {{unsubscribeUrl}} {{#each alerts}}x{{/each}} & <img src=x onerror=alert(1)>`;

  function hostileDigest(): DigestData {
    const data = sampleTemplateData('digest');
    const alert = data.alerts[0]!;
    const card = {
      ...alert.questions[0]!,
      heading: hostile,
      department: hostile,
      askedBy: hostile,
      answeredBy: hostile,
    };
    card.text = `${hostile} bases ${hostile}`;
    // A label is at most ALERT_TEXT_LIMITS.label characters: the hostile part of it fits.
    return {
      ...data,
      alerts: [
        {
          ...alert,
          label: hostile.slice(0, ALERT_TEXT_LIMITS.label),
          description: hostile,
          query: hostile,
          questions: [card],
          totalCount: 30,
        },
      ],
    };
  }

  it('is escaped everywhere in the HTML and never evaluated as a template', () => {
    const { html } = renderer.render('digest', hostileDigest());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"quoted"');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&#x27;single&#x27;');
    // The braces arrive as text: the unsubscribe URL was not substituted in their place.
    expect(html).toContain('{{unsubscribeUrl}} {{#each alerts}}x{{/each}}');
    expect(visibleText(html)).toContain(hostile);
    // Hostile query text goes into the "see more" link percent-encoded.
    expect(hrefs(html)).toContain(`http://localhost:3000/search?q=${encodeURIComponent(hostile)}`);
  });

  it('reaches the text part verbatim (text/plain is inert) and the subject without line breaks', () => {
    const data = hostileDigest();
    data.alerts[0]!.label = 'evil\r\nBcc: victim@example.com';
    const { subject, text } = renderer.render('digest', data);
    expect(text).toContain(hostile);
    expect(subject).toBe('30 new answers: evil Bcc: victim@example.com');
  });

  it('cannot reach a confirmation email at all: its alerts carry no text (issue #20)', () => {
    const confirmation = sampleTemplateData('confirmation') as unknown as { alerts: unknown[] };
    confirmation.alerts = [{ keywords: true, frequency: 'DAILY', label: hostile }];
    expect(() => renderer.render('confirmation', confirmation as never)).toThrow(
      expect.objectContaining({ code: 'EMAIL_DATA_INVALID' }),
    );
    confirmation.alerts = [{ description: hostile }];
    expect(() => renderer.render('confirmation', confirmation as never)).toThrow(
      expect.objectContaining({ code: 'EMAIL_DATA_INVALID' }),
    );
  });

  it('is escaped in immediate emails too', () => {
    const immediate = sampleTemplateData('immediate');
    immediate.question = { ...immediate.question, heading: hostile, text: hostile };
    const out = renderer.render('immediate', immediate);
    expect(out.html).not.toMatch(/<script>|<img src=x/);
    expect(out.html).toContain('{{unsubscribeUrl}}');
  });
});

describe('validation', () => {
  it('refuses a javascript: URL, naming the path', () => {
    const data = sampleTemplateData('digest');
    data.alerts[0]!.questions[1]!.url = 'javascript:alert(1)';
    expect(() => renderer.render('digest', data)).toThrow(
      expect.objectContaining({ code: 'EMAIL_DATA_INVALID', path: 'alerts.0.questions.1.url' }),
    );
  });

  it('refuses missing fields and bad emails with a coded error', () => {
    try {
      renderer.render('goodbye', { recipientEmail: 'not an email', baseUrl: 'http://localhost:3000' });
      throw new Error('expected a throw');
    } catch (error) {
      expect(isEmailError(error, 'EMAIL_DATA_INVALID')).toBe(true);
      expect((error as Error).message).toContain('recipientEmail');
    }
  });

  it('refuses an unknown template, listing the valid ones', () => {
    expect(() => renderer.render('newsletter' as 'digest', sampleTemplateData('digest'))).toThrow(
      /Unknown email template "newsletter"; valid templates: confirmation, digest, immediate, goodbye/,
    );
  });
});

describe('confirmation of a followed question', () => {
  const follow = { description: 'Commons question 26882 (Medical Education)' };

  it('asks to confirm the follow, not an alert, when only a question is followed', () => {
    const data = { ...sampleTemplateData('confirmation'), alerts: [], follows: [follow] };
    const email = renderer.render('confirmation', data);
    expect(email.subject).toBe('Confirm: email me when Commons question 26882 (Medical Education) is answered');
    expect(email.text).toContain('CONFIRM FOLLOWING THIS QUESTION');
    expect(email.text).toContain(
      'when this question is answered (and if it is withdrawn, or the answer corrected):\n\n- Commons question 26882 (Medical Education)',
    );
    expect(email.text).toContain('Confirm: email me when it is answered:\nhttp');
    expect(email.text).not.toContain('when ministers answer written questions about');
    expect(email.html).toContain('Confirm following this question');
    expect(email.html).not.toContain('Confirm and start alerts');
  });

  it('lists alerts and followed questions apart when one email confirms both', () => {
    const data = {
      ...sampleTemplateData('confirmation'),
      alerts: [{ keywords: true, department: true, frequency: 'WEEKLY' as const }],
      follows: [follow, { description: 'Lords question HL123' }],
    };
    const email = renderer.render('confirmation', data);
    expect(email.subject).toBe('Confirm your alert, and 2 questions to follow');
    expect(email.text).toContain('- An alert on keywords and a department (Answers, in one email a week)');
    expect(email.text).toContain('And to email you when these questions are answered');
    expect(email.text).toContain('- Lords question HL123');
  });

  it('refuses data that confirms nothing', () => {
    expect(() =>
      renderer.render('confirmation', { ...sampleTemplateData('confirmation'), alerts: [], follows: [] }),
    ).toThrow(/at least one alert or followed question/);
  });
});

describe('subjects', () => {
  it('name the content of each email', () => {
    expect(renderer.render('immediate', sampleTemplateData('immediate')).subject).toBe(
      'New answer on Healthtech: Healthtech Advisory Board: Public Appointments',
    );
    const confirmation = sampleTemplateData('confirmation');
    expect(renderer.render('confirmation', confirmation).subject).toBe('Confirm your 2 alerts');
    confirmation.alerts = [{ keywords: true, member: true, house: 'lords', frequency: 'IMMEDIATE', askings: true }];
    const one = renderer.render('confirmation', confirmation);
    expect(one.subject).toBe('Confirm your alert');
    expect(one.text).toContain(
      "- An alert on keywords, a member's questions and the House of Lords (Questions and answers, emailed as soon as they appear)",
    );
    const digest = sampleTemplateData('digest');
    digest.alerts = [
      { ...digest.alerts[0]!, label: 'encryption', totalCount: 2, questions: digest.alerts[0]!.questions.slice(0, 2) },
      { ...digest.alerts[1]!, label: 'Home Office', totalCount: 1, questions: digest.alerts[1]!.questions.slice(0, 1) },
    ];
    expect(renderer.render('digest', digest).subject).toBe('3 new answers: encryption, Home Office');
  });
});

describe('demo mode: replayed answers', () => {
  const note = 'Demo: real answers replayed; the newest stored answer is dated 19 August 2026.';

  it("calls an immediate alert's answer replayed, not new, and says so first in both parts", () => {
    const email = renderer.render('immediate', { ...sampleTemplateData('immediate'), news: 'replayed', note });
    expect(email.subject).toBe('Replayed answer on Healthtech: Healthtech Advisory Board: Public Appointments');
    expect(visibleText(email.html)).toContain(`${note} Replayed answer`);
    expect(email.text.startsWith(`${note}\n\nREPLAYED ANSWER: `)).toBe(true);
    expect(email.text).not.toMatch(/new answer/i);
  });

  it("counts a digest's answers as replayed, with the note under the headline", () => {
    const email = renderer.render('digest', { ...sampleTemplateData('digest'), news: 'replayed', note });
    expect(email.subject).toMatch(/^\d+ replayed answers: /);
    expect(visibleText(email.html)).toContain(`Answers to written questions, replayed ${note}`);
    expect(email.text).toContain(`ANSWERS TO WRITTEN QUESTIONS, REPLAYED\n\n${note}\n\n`);
    expect(email.text).not.toMatch(/\bnew answers?\b/i);
  });

  it('keeps "new" and no note on the live source', () => {
    const email = renderer.render('immediate', sampleTemplateData('immediate'));
    expect(email.subject).toMatch(/^New answer on /);
    expect(email.text).not.toContain('Demo:');
  });
});
