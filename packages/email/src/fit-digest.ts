import type { CardView } from './card-view';
import type { TemplateFiller } from './compile-filler';
import { largestFitting, overBudget } from './html-budget';

/** One alert's section of a digest, as the templates read it. */
export interface DigestAlertView {
  title: string;
  description: string;
  hasLabel: boolean;
  /** "3 new answers", "2 new answers, 1 new question". */
  countLabel: string;
  cards: CardView[];
  /** Everything this alert brought in this email, shown or not. */
  total: number;
  /** How many of `total` have no card here (0: no "See all" link). */
  more: number;
  /** The web page listing all `total`. */
  moreUrl: string;
}

/** An alert whose cards did not fit: one line linking to its page. */
interface ListedAlertView {
  title: string;
  countLabel: string;
  moreUrl: string;
}

/** What the digest templates read; `listed` and `unlisted` are filled only when the email had to be cut. */
export interface DigestContext extends Record<string, unknown> {
  preheader: string;
  alerts: DigestAlertView[];
  hasListed: boolean;
  listed: ListedAlertView[];
  /** A sentence for alerts that did not fit even as a line, else null. */
  unlisted: string | null;
}

/**
 * Fill the digest's HTML within `budget` bytes. Most digests fit as they are, and are filled once. Otherwise cards
 * are kept in rounds, the first card of every alert, then the second of every alert, and so on, as many as fit
 * (found by bisection, each try a full fill, so the figure is exact); each cut alert ends with "See all N on the
 * web", and alerts left with no card become one line each under "More from your alerts". If even those lines do
 * not fit (a hundred alerts with long names), the last are summed up in one sentence with a link to manage them.
 * The footer, with its unsubscribe link, is part of what is measured, so it is always inside the budget.
 */
export function fitDigest(
  context: DigestContext,
  fill: TemplateFiller,
  budget: number,
): { context: DigestContext; html: string } {
  const whole = fill(context);
  if (!overBudget(whole, budget)) return { context, html: whole };
  // Round-robin order of the cards: entry i is the alert that the (i+1)th card kept belongs to.
  const order: number[] = [];
  const rounds = Math.max(0, ...context.alerts.map((alert) => alert.cards.length));
  for (let round = 0; round < rounds; round++) {
    context.alerts.forEach((alert, i) => {
      if (alert.cards.length > round) order.push(i);
    });
  }
  let best: { context: DigestContext; html: string } | undefined;
  const fits = (shaped: DigestContext) => {
    const html = fill(shaped);
    if (overBudget(html, budget)) return false;
    best = { context: shaped, html };
    return true;
  };
  const cards = largestFitting(order.length - 1, (kept) => fits(cut(context, order, kept, Infinity)));
  if (cards < 0) {
    const lines = largestFitting(context.alerts.length, (listed) => fits(cut(context, order, 0, listed)));
    // Not even the bare frame fits (only possible with absurd data, such as 2 KB URLs): send the smallest form.
    if (lines < 0) return { context: cut(context, order, 0, 0), html: fill(cut(context, order, 0, 0)) };
  }
  return best!;
}

/** The digest with the first `kept` cards of `order`, and at most `listed` cardless alerts named one per line. */
function cut(context: DigestContext, order: number[], kept: number, listed: number): DigestContext {
  const counts = new Array<number>(context.alerts.length).fill(0);
  for (let i = 0; i < kept; i++) counts[order[i]!]! += 1;
  const alerts: DigestAlertView[] = [];
  const cardless: ListedAlertView[] = [];
  context.alerts.forEach((alert, i) => {
    const count = counts[i]!;
    if (count === 0) cardless.push({ title: alert.title, countLabel: alert.countLabel, moreUrl: alert.moreUrl });
    else alerts.push({ ...alert, cards: alert.cards.slice(0, count), more: alert.total - count });
  });
  const named = cardless.slice(0, listed);
  const rest = cardless.length - named.length;
  return {
    ...context,
    preheader: digestPreheader(alerts),
    alerts,
    hasListed: named.length > 0,
    listed: named,
    unlisted:
      rest > 0
        ? `${named.length ? 'And ' : ''}${rest} ${named.length ? 'more ' : ''}of your alerts ${rest === 1 ? 'has' : 'have'} news that did not fit in this email.`
        : null,
  };
}

/** The inbox's preview line of a digest: the headings of the cards it shows. */
export function digestPreheader(alerts: readonly DigestAlertView[]): string {
  const text = alerts.flatMap((alert) => alert.cards.map((card) => card.heading)).join(' · ');
  return text.length > 140 ? `${text.slice(0, 139).trimEnd()}…` : text;
}
