import { ALERT_TEXT_LIMITS, fitDescription, fitLabel, wellFormed } from '@alerts/alert-rules';
import type { EmailRenderer, RenderedEmail } from '@alerts/email';
import { describeQuery, memberIdsOf, parseQuery, type Query } from '@alerts/matching';
import { buildCard, showsAsAsking } from './build-cards';
import { LIVE_CLOCK, newsWord, type ReaderClock } from './demo-clock';
import type { QuestionCardsCache } from './question-cards-cache';

/** The email schema's longest URL. */
const MAX_URL = 2048;

const parsedQueries = new Map<string, { query: Query | null; description: string }>();

/** Parsing and describing a query once per process: in a run, thousands of alerts share a few thousand queries. */
export function understandQuery(text: string) {
  let known = parsedQueries.get(text);
  if (!known) {
    try {
      const query = parseQuery(text);
      known = { query, description: describeQuery(query) };
    } catch {
      known = { query: null, description: `answers matching ${text}` };
    }
    if (parsedQueries.size > 20_000) parsedQueries.clear();
    parsedQueries.set(text, known);
  }
  return known;
}

/**
 * A stored query described with the names of the members it names ("asked or answered by Jeremy Corbyn"), where
 * `memberNames` holds them; the cached description otherwise.
 */
export function describeStored(
  text: string,
  memberNames?: ReadonlyMap<number, string>,
  options: { askings?: boolean } = {},
): string {
  const { query, description } = understandQuery(text);
  if (!query) return description;
  if (!options.askings && !(memberNames?.size && memberIdsOf(query).length)) return description;
  return describeQuery(query, { ...options, memberName: (id) => memberNames?.get(id) });
}

/** One undelivered match, with the alert that made it. */
export interface PendingMatch {
  /** int8 arrives as a decimal string from node-postgres; it goes back the same way. */
  id: string;
  subscriptionId: string;
  questionId: number;
  /** It announces the asking of the question (an alert with includeTabled), not an answer. */
  asked: boolean;
  query: string;
  label: string | null;
}

export interface ComposeAlertEmailInput {
  kind: 'IMMEDIATE' | 'DIGEST';
  email: string;
  manageUrl: string;
  unsubscribeUrl: string;
  /** Alert by alert (the email sorts each alert's newest first); all are sent, one card per question. */
  matches: PendingMatch[];
  /** Names of the members the alerts' queries name (see memberNamesOf), so descriptions say who. */
  memberNames?: ReadonlyMap<number, string>;
}

/**
 * Render the email for a subscriber's undelivered matches: one section per alert, at most the renderer's
 * `maxCardsPerAlert` cards each (fewer when the email would pass its size budget) then "See all N on the web"; a
 * single match of an immediate alert gets the one-question template.
 */
export async function composeAlertEmail(
  deps: { renderer: EmailRenderer; config: { baseUrl: string; clock?: ReaderClock }; cards: QuestionCardsCache },
  input: ComposeAlertEmailInput,
): Promise<RenderedEmail> {
  const { config } = deps;
  // One card per alert and question: an alert with includeTabled may hold both the asking and the answer of one
  // question (a digest that spans both); the card shows the question as it stands, and both matches are sent.
  // Only askings can repeat a question, so an email of answers alone (nearly all of them) skips the check.
  const anyAsked = input.matches.some((m) => m.asked);
  const groups = new Map<string, PendingMatch[]>();
  const seen = new Set<string>();
  for (const m of input.matches) {
    if (anyAsked) {
      const key = `${m.subscriptionId}\u0000${m.questionId}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const group = groups.get(m.subscriptionId);
    if (group) group.push(m);
    else groups.set(m.subscriptionId, [m]);
  }
  // Every match's question, so each alert shows its newest news: the cards cache holds the few hundred questions
  // a run's emails share, which is cheaper than asking PostgreSQL to sort every email's matches by answer date.
  const questions = await deps.cards(input.matches.map((m) => m.questionId));
  const newsDate = (m: PendingMatch) => {
    const question = questions.get(m.questionId);
    return (question?.dateAnswered ?? question?.dateTabled)?.getTime() ?? 0;
  };
  for (const group of groups.values()) group.sort((a, b) => newsDate(b) - newsDate(a) || b.questionId - a.questionId);
  const alerts = [...groups.values()].map((group) => {
    const first = group[0]!;
    const { query } = understandQuery(first.query);
    // Stored text is fitted to the email's limits rather than failing the whole email (issue #14).
    const label = fitLabel(first.label);
    const moreUrl = `${input.manageUrl}/alerts/${first.subscriptionId}/more?match=${first.id}`;
    // Questions still unanswered (or withdrawn since): their alert heard of them being asked.
    const askedCount = anyAsked ? group.filter((m) => showsAsAsking(questions.get(m.questionId)?.state)).length : 0;
    return {
      description: fitDescription(describeStored(first.query, input.memberNames, { askings: askedCount > 0 })),
      ...(label ? { label } : {}),
      query: wellFormed(first.query.slice(0, ALERT_TEXT_LIMITS.query)),
      totalCount: group.length,
      askedCount,
      // "See all N on the web" opens every answer this email brought for this alert: the page (behind the manage
      // token) finds the delivery through one of its matches. All of them, not the rest: which cards the email
      // shows is the renderer's to decide (its size budget). Left out when longer than the email can hold.
      ...(moreUrl.length <= MAX_URL ? { moreUrl } : {}),
      // Newest first (sorted above: answer date, else tabled date), whatever order the matches were recorded in; no
      // more cards built than the renderer shows (its cap).
      questions: group.slice(0, deps.renderer.maxCardsPerAlert).flatMap((m) => {
        const question = questions.get(m.questionId);
        return question ? [buildCard(question, query, config.baseUrl, first.query)] : [];
      }),
    };
  });
  // Demo mode replays stored answers: its emails say so rather than call them new.
  const clock = config.clock ?? LIVE_CLOCK;
  const base = {
    recipientEmail: input.email,
    baseUrl: config.baseUrl,
    manageUrl: input.manageUrl,
    unsubscribeUrl: input.unsubscribeUrl,
    news: newsWord(clock),
    ...(clock.demo ? { note: clock.demo.statement } : {}),
  };
  const single =
    alerts.length === 1 && alerts[0]!.totalCount === 1 && input.kind === 'IMMEDIATE' && alerts[0]!.questions[0];
  return single
    ? deps.renderer.render('immediate', {
        ...base,
        alert: { description: alerts[0]!.description, ...(alerts[0]!.label ? { label: alerts[0]!.label } : {}) },
        question: single,
      })
    : deps.renderer.render('digest', { ...base, alerts });
}
