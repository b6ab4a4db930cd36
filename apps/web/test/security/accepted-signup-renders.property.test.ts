import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildMessage,
  createDevMailboxTransport,
  createRenderer,
  type EmailRenderer,
  type MailTransport,
} from '@alerts/email';
import { mulberry32, testSeed } from '@alerts/matching/testing';
import { composeAlertEmail, type CardQuestion } from '@alerts/composition';
import { DEFAULT_RETRY_POLICY } from '@alerts/delivery';
import { confirmationEmailData } from '@alerts/subscriptions';
import { createTokenSigner } from '@alerts/tokens';
import { checkSignup, fullQuery, type SignupInput } from '../../src/routes/signup-input';

/**
 * Issue #14, the property: any sign-up the web app accepts yields a confirmation email that renders and sends, and
 * a confirmed alert with any accepted query and label yields a digest that renders. Inputs are random, biased to
 * the limits: queries near 500 characters and 50 terms, Unicode everywhere. Replay a failure with SEED=….
 */
const RUNS = 300;
const seed = testSeed();

const WORDS = [
  'schools',
  'encryption',
  'Gaza',
  'end-to-end',
  'é',
  'ß',
  'İstanbul',
  'Σίσυφος',
  '日本',
  '💥',
  'naïve',
  'O’Neill',
  'x'.repeat(60),
  'ﬁnance',
  'a\u0301',
  '\u200bword',
];
const OPERATORS = [' ', ' OR ', ' AND ', ' -', ' NOT '];
const FILTERS = ['department:"Home Office"', 'member:185', 'speaker:4001', 'house:lords', '"mental health"'];
const ODD = [
  '\u0085',
  '\u200b',
  '\u202e',
  '\u2028',
  '\ud83d\ude00',
  '\u0000',
  '\r\n',
  '\t',
  '%fc',
  '<',
  '>',
  '"',
  '&',
  '\\',
  '\u00a0',
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function randomText(random: () => number, maxLength: number): string {
  let text = '';
  const length = Math.floor(random() * maxLength);
  while (text.length < length) {
    const roll = random();
    text +=
      roll < 0.5
        ? pick(random, WORDS)
        : roll < 0.7
          ? pick(random, ODD)
          : String.fromCodePoint(32 + Math.floor(random() * 0x2ffff));
    if (random() < 0.3) text += ' ';
  }
  return text;
}

/** A query biased to the limits: long OR-lists, long single words, filters, and random Unicode. */
function randomQueryText(random: () => number): string {
  const roll = random();
  if (roll < 0.3) {
    const terms = 1 + Math.floor(random() * 55);
    return Array.from({ length: terms }, (_, i) =>
      random() < 0.1 ? pick(random, FILTERS) : `${pick(random, WORDS)}${i}`,
    ).join(pick(random, OPERATORS));
  }
  if (roll < 0.45) return pick(random, WORDS).repeat(1 + Math.floor(random() * 120));
  if (roll < 0.6) return randomText(random, 520);
  return Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
    random() < 0.3 ? pick(random, FILTERS) : pick(random, WORDS),
  ).join(pick(random, OPERATORS));
}

function randomAddress(random: () => number): string {
  const roll = random();
  const local =
    roll < 0.8
      ? `${pick(random, ['a', 'reader', "o'neil", 'x_y', 'first.last'])}${random() < 0.3 ? `+${Math.floor(random() * 100)}` : ''}`
      : randomText(random, 70).replace(/\s/g, '');
  const domain =
    random() < 0.85
      ? pick(random, ['example.org', 'sub.example.co.uk', 'xn--bcher-kva.example'])
      : randomText(random, 30).replace(/\s/g, '');
  return `${random() < 0.05 ? pick(random, ODD) : ''}${local}@${domain}`;
}

const QUESTION: CardQuestion = {
  id: 1_700_001,
  uin: '1234',
  house: 'Commons',
  heading: 'Schools: Mental Health Services',
  state: 'ANSWERED',
  dateForAnswer: new Date('2026-11-09'),
  questionText: 'To ask about encryption in schools and Gaza.',
  answerHtml: '<p>We are funding support.</p>',
  answerText: 'We are funding support teams in schools.',
  dateTabled: new Date('2026-11-02'),
  dateAnswered: new Date('2026-11-10'),
  askingMemberId: 4001,
  answeringMemberId: 4999,
  answeringBodyName: 'Department for Education',
  isHolding: false,
  isCorrection: false,
  lastChangedAt: new Date('2026-11-10'),
  askedBy: 'Jane Example (Labour)',
  answeredBy: null,
};

const BASE_URL = 'https://alerts.example.org';
const config = {
  baseUrl: BASE_URL,
  from: { name: 'Parliament Alerts', address: 'alerts@alerts.example.org' },
  messageIdDomain: 'alerts.example.org',
  signer: createTokenSigner('p'.repeat(32)),
  retry: DEFAULT_RETRY_POLICY,
};
let renderer: EmailRenderer;
let transport: MailTransport;
let dir: string;

beforeAll(async () => {
  renderer = await createRenderer();
  dir = await mkdtemp(path.join(tmpdir(), 'alerts-property-'));
  transport = createDevMailboxTransport({ dir });
});
afterAll(async () => {
  await transport.close();
  await rm(dir, { recursive: true, force: true });
});

describe(`accepted sign-ups render and send (seed ${seed})`, () => {
  it(`holds for ${RUNS} random sign-ups`, async () => {
    const random = mulberry32(seed);
    let accepted = 0;
    const links = { manageUrl: `${BASE_URL}/manage/m`, unsubscribeUrl: `${BASE_URL}/unsubscribe/u` };
    for (let run = 0; run < RUNS; run++) {
      const input: SignupInput = {
        email: randomAddress(random),
        baseQuery: randomQueryText(random),
        label: random() < 0.5 ? randomText(random, 120) : '',
        frequency: 'DAILY',
        includeTabled: false,
        department: '',
        member: '',
        questionId: null,
        webhookUrl: '',
        webhookFormat: '',
      };
      const { errors, email } = checkSignup(input, { requireEmail: true });
      if (Object.keys(errors).length || !email) continue;
      accepted++;
      const query = fullQuery(input);
      const context = `seed ${seed}, run ${run}: ${JSON.stringify({ email, query, label: input.label })}`;
      try {
        const confirmation = renderer.render(
          'confirmation',
          confirmationEmailData({
            email,
            baseUrl: BASE_URL,
            ...links,
            confirmUrl: `${BASE_URL}/confirm/c`,
            alerts: [{ query, frequency: 'DAILY', includeTabled: false }],
          }),
        );
        const message = buildMessage({
          to: email,
          from: config.from,
          rendered: confirmation,
          unsubscribeUrl: links.unsubscribeUrl,
          messageIdDomain: config.messageIdDomain,
        });
        await transport.send(message);
        const digest = await composeAlertEmail(
          { renderer, config, cards: async (ids: readonly number[]) => new Map(ids.map((id) => [id, QUESTION])) },
          {
            kind: 'DIGEST',
            email,
            ...links,
            matches: [
              {
                id: '1',
                subscriptionId: 's1',
                questionId: QUESTION.id,
                asked: false,
                query,
                label: input.label || null,
              },
            ],
          },
        );
        buildMessage({
          to: email,
          from: config.from,
          rendered: digest,
          unsubscribeUrl: links.unsubscribeUrl,
          messageIdDomain: config.messageIdDomain,
        });
      } catch (error) {
        throw new Error(`${context}\n${(error as Error).message}`, { cause: error });
      }
    }
    // The generator must reach the limits often enough for the property to mean something.
    expect(accepted).toBeGreaterThan(RUNS / 5);
  });
});
