/**
 * Progressive enhancement for the alert form: as the visitor types, picks a suggestion or ticks a filter, the
 * plain-English description and the preview follow (its window in the server's words: the last 30 days, or demo
 * mode's stored answers). The form works the same without it (the server renders both on "Preview matches", and
 * suggestions are links). Text goes in with textContent, never as HTML.
 */
export const ALERT_FORM_JS = `(() => {
  const form = document.getElementById('alert-form');
  const input = document.getElementById('query');
  const out = document.getElementById('query-description');
  const preview = document.getElementById('preview');
  if (!form || !input || !out || !preview) return;
  const el = (tag, text, attrs) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  };
  // The same rule as the server's fullQuery: the typed query, then any ticked filter.
  const fullQuery = () => {
    const base = input.value.trim();
    const filters = [];
    const department = form.querySelector('input[name=department]');
    const member = form.querySelector('input[name=member]');
    if (department && department.checked) filters.push('department:"' + department.value + '"');
    if (member && member.checked) filters.push('member:' + member.value);
    if (!filters.length) return base;
    return base ? '(' + base + ') ' + filters.join(' ') : filters.join(' ');
  };
  const show = (result) => {
    if (!result.ok) {
      out.textContent = result.message ? 'Problem at character ' + (result.position + 1) + ': ' + result.message : '';
      return;
    }
    out.replaceChildren('You will get: ', el('strong', result.description));
    const p = result.preview;
    const box = el('section', undefined, { class: 'notice', 'aria-labelledby': 'preview-heading' });
    box.append(el('h2', p.heading, { id: 'preview-heading' }));
    const summary = el('p', undefined, { id: 'preview-summary' });
    var bound = p.matchedBound === 'atLeast' ? 'more than ' : p.matchedBound === 'atMost' ? 'up to ' : '';
    summary.append(p.lead + ' ' + bound, el('strong', p.matchedBound === 'unknown' ? 'many' : String(p.matched)), ' of the ' + p.answered.toLocaleString('en-GB') + ' ' + p.tail);
    box.append(summary);
    if (p.examples.length) {
      box.append(el('p', 'The newest of them:'));
      const list = el('ul', undefined, { class: 'results' });
      for (const e of p.examples) {
        const li = el('li');
        li.append(el('a', e.heading, { href: '/questions/' + e.id }));
        list.append(li);
      }
      box.append(list);
    }
    preview.replaceChildren(box);
  };
  let timer;
  let latest = 0;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const askings = form.querySelector('input[name=includeTabled]');
      const response = await fetch('/api/preview?q=' + encodeURIComponent(fullQuery()) + (askings && askings.checked ? '&askings=yes' : ''));
      const result = await response.json();
      if (ticket === latest) show(result);
    }, 250);
  };
  input.addEventListener('input', update);
  // The filters change the query; the "also when asked" box changes what the description names.
  form.querySelectorAll('input[name=department], input[name=member], input[name=includeTabled]').forEach((box) => box.addEventListener('change', update));
  form.querySelectorAll('a.suggestion').forEach((link) => link.addEventListener('click', (event) => {
    event.preventDefault();
    input.value = link.dataset.query;
    form.querySelectorAll('a.suggestion').forEach((other) => other.removeAttribute('aria-current'));
    link.setAttribute('aria-current', 'true');
    input.focus();
    update();
  }));
})();
`;
