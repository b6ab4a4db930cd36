import type { Frequency } from '@alerts/db';
import { questionName, type NamedQuestion } from '@alerts/composition';
import { FREQUENCY_SHORT } from './frequency-words';
import { html } from './html';

export interface NamedAlert {
  /** The query as its owner would write it (member names, not ids: writeMemberNames). */
  written: string;
  label: string | null;
  frequency: Frequency;
}

/**
 * What a token page acted on, each by name, for its owner to check: "Alert ‘flood’ (daily)", "Alert “Schools”:
 * ‘schools -academies’ (weekly)", "Following Commons question 26882 (…)". Empty when there is nothing.
 */
export function subscriberItems(alerts: readonly NamedAlert[], follows: readonly (NamedQuestion & { id: number })[]) {
  if (!alerts.length && !follows.length) return '';
  return html`<ul class="items">
${alerts.map((a) => html`<li>Alert ${a.label ? html`“${a.label}”: ` : ''}‘<code>${a.written}</code>’ (${FREQUENCY_SHORT[a.frequency]})</li>`)}
${follows.map((q) => html`<li>Following <a href="/questions/${q.id}">${questionName(q)}</a></li>`)}
</ul>`;
}
