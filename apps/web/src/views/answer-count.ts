import type { AnswerCount } from '../questions/count-matching-answers';
import { html } from './html';

/** "<strong>12</strong>", "more than <strong>10000</strong>", "up to <strong>640</strong>" or "<strong>many</strong>". */
export function answerCount(total: Pick<AnswerCount, 'count' | 'bound'>) {
  switch (total.bound) {
    case 'exact':
      return html`<strong>${total.count}</strong>`;
    case 'atLeast':
      return html`more than <strong>${total.count}</strong>`;
    case 'atMost':
      return html`up to <strong>${total.count}</strong>`;
    case 'unknown':
      return html`<strong>many</strong>`;
  }
}
