import { ALERT_TEXT_LIMITS } from '@alerts/alert-rules';
import { createRenderer, type EmailRenderer } from './create-renderer';
import { HTML_BUDGET_BYTES } from './html-budget';
import { largestDigestData, sampleTemplateData } from './sample-data';
import type { DigestData } from './emails/digest/digest';

let renderer: EmailRenderer;
beforeAll(async () => {
  renderer = await createRenderer();
});

const bytes = (html: string) => Buffer.byteLength(html, 'utf8');
/** The cards of each part, in order: each card's "read" link. */
const htmlCards = (html: string) =>
  [...html.matchAll(/href="([^"]+)" style="[^"]*">Read the question and answer</g)].map((m) => m[1]);
const textCards = (text: string) => [...text.matchAll(/^Read it: (\S+)$/gm)].map((m) => m[1]);
/** Cards per alert section of the text part. */
const cardsPerAlert = (text: string) =>
  text
    .split('\n== ')
    .slice(1)
    .filter((section) => !section.startsWith('More from your alerts'))
    .map((section) => textCards(section).length);

describe('the HTML size budget', () => {
  it('holds the largest possible digest (100 alerts of 10 cards, longest texts) under 100 KB, unsubscribe link included', () => {
    const data = largestDigestData();
    const { html, text } = renderer.render('digest', data);
    expect(HTML_BUDGET_BYTES).toBe(100_000);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // Within the first 100,000 bytes, so Gmail's clipping cannot take it.
    expect(Buffer.from(html).subarray(0, HTML_BUDGET_BYTES).toString()).toContain(`href="${data.unsubscribeUrl}"`);
    expect(text).toContain(`Unsubscribe: ${data.unsubscribeUrl}`);
    // As many cards as fit, and the same ones in both parts.
    expect(htmlCards(html).length).toBeGreaterThanOrEqual(5);
    expect(textCards(text)).toEqual(htmlCards(html));
    // Every alert is still there: with its cards and "See all", or as a line under "More from your alerts".
    expect(html).toContain('More from your alerts');
    for (const alert of data.alerts) {
      expect(html).toContain(`href="${alert.moreUrl!.replace(/=/g, '&#x3D;')}"`);
      expect(text).toContain(alert.moreUrl);
    }
  });

  it('keeps cards in rounds (every alert its first card before any its second) and says "See all N on the web"', () => {
    const data = largestDigestData(10, 10); // issue #20's 10 alerts of 10 cards: 409 KB before the budget
    const { html, text } = renderer.render('digest', data);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    const counts = cardsPerAlert(text);
    expect(counts).toHaveLength(10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(textCards(text)).toEqual(htmlCards(html));
    expect(html.match(/>See all 1000 for [^<]+ on the web</g)).toHaveLength(10);
    expect(text.match(/^See all 1000 for .+ on the web: https:\/\/\S+\/more\?match=\d+$/gm)).toHaveLength(10);
    expect(html).not.toContain('More from your alerts');
  });

  it('holds whatever the data: a hundred alerts with the longest links and text that escapes to six times its length', () => {
    const data = largestDigestData();
    const worst: DigestData = {
      ...data,
      baseUrl: `https://alerts.example.org/${'='.repeat(2000)}`,
      manageUrl: `https://alerts.example.org/m/${'='.repeat(2000)}`,
      unsubscribeUrl: `https://alerts.example.org/u/${'='.repeat(2000)}`,
      alerts: data.alerts.map((alert) => ({
        ...alert,
        label: '"'.repeat(ALERT_TEXT_LIMITS.label),
        description: '"'.repeat(ALERT_TEXT_LIMITS.description),
        moreUrl: `https://alerts.example.org/${'='.repeat(2000)}`,
      })),
    };
    const { html, text } = renderer.render('digest', worst);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(html).toContain(`href="${worst.unsubscribeUrl.replace(/=/g, '&#x3D;')}"`);
    expect(html).toMatch(/of your alerts have news that did not fit in this email/);
    expect(text).toMatch(/of your alerts have news that did not fit in this email\. Manage your alerts: /);
  });

  it('leaves a digest within the budget as it is, and obeys a smaller budget', async () => {
    const data = sampleTemplateData('digest');
    const roomy = await createRenderer({ htmlBudgetBytes: 10_000_000 });
    expect(renderer.render('digest', data)).toEqual(roomy.render('digest', data));
    const tight = await createRenderer({ htmlBudgetBytes: 30_000 });
    const { html, text } = tight.render('digest', data);
    expect(bytes(html)).toBeLessThanOrEqual(30_000);
    expect(htmlCards(html).length).toBeLessThan(htmlCards(renderer.render('digest', data).html).length);
    expect(textCards(text)).toEqual(htmlCards(html));
    expect(text).toContain(`See all ${data.alerts[0]!.totalCount} for military bases on the web`);
  });
});

describe('the HTML size budget of a follow email', () => {
  it('cuts a very long answer (and question) to fit, says so in both parts and links to the whole', () => {
    const data = sampleTemplateData('follow');
    const sentence = 'The table below sets out expenditure on "defence estates" by region & year, in £ million = ';
    const answerText = sentence.repeat(2000); // ~180,000 characters, as the longest answers with tables run to
    const { html, text } = renderer.render('follow', {
      ...data,
      question: { ...data.question, questionText: sentence.repeat(300), answerText },
    });
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    expect(bytes(html)).toBeGreaterThan(HTML_BUDGET_BYTES * 0.9); // as much as fits, not a stub
    expect(html).toContain(`href="${data.unsubscribeUrl.replace(/=/g, '&#x3D;')}"`);
    expect(html).toMatch(
      /the whole text is longer than an email can hold\. <a href="[^"]+"[^>]*>Read it all on the web</,
    );
    expect(text).toContain(`Read it all on the web: ${data.question.url}`);
    // The text part carries the same cut answer, ending on a whole word, after who gave it and when.
    const [attribution, answerInText = ''] = text.split('\nThe answer\n')[1]!.split('\n');
    expect(attribution).toBe(data.question.answeredBy);
    expect(answerInText.endsWith(' …')).toBe(true);
    expect(answerInText.length).toBeLessThan(answerText.length / 2);
    expect(answerText.startsWith(answerInText.slice(0, -2))).toBe(true);
  });

  it('leaves an answer that fits whole', () => {
    const { html, text } = renderer.render('follow', sampleTemplateData('follow'));
    expect(html).not.toContain('Read it all on the web');
    expect(text).not.toContain('Read it all on the web');
  });
});
