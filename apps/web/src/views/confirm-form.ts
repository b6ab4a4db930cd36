import { html } from './html';

/**
 * The button of a "… ?" page: a form posting confirm=yes (and any `hidden` fields first) to `action`, so only this
 * button acts, in red, beside a link back that changes nothing. Every confirmation page ends with it.
 */
export function confirmForm(options: {
  action: string;
  back: string;
  yes: string;
  no: string;
  hidden?: Record<string, string>;
}) {
  const hidden = Object.entries(options.hidden ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form method="post" action="${options.action}">${hidden}<input type="hidden" name="confirm" value="yes">
<div class="actions"><button type="submit" class="danger">${options.yes}</button> <a class="button-link" href="${options.back}">${options.no}</a></div></form>`;
}
