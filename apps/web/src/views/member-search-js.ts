/**
 * The member typeaheads: under each `input[data-member-typeahead]`, members matching what the visitor types (name,
 * constituency or local authority, from /api/members). On /members (`link`) each is a link to the member's page; on
 * the sign-up form (`query`) choosing one writes its filter (member:"Sarah Jones") into the query box, ticks "also
 * when asked" and lets the form's own script describe and preview it. Without JavaScript /members filters on the
 * server, and the sign-up form's finder stays hidden. Text goes in with textContent, never as HTML.
 */
export const MEMBER_SEARCH_JS = `(() => {
  for (const input of document.querySelectorAll('input[data-member-typeahead]')) {
    if (input.dataset.ready) continue;
    input.dataset.ready = 'yes';
    const list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) continue;
    const toQuery = input.dataset.memberTypeahead === 'query';
    const finder = input.closest('[hidden]');
    if (finder) finder.hidden = false;
    const choose = (m) => {
      const query = document.getElementById('query');
      if (!query) return;
      query.value = m.filter;
      const askings = document.querySelector('input[name=includeTabled]');
      if (askings && !askings.checked) {
        askings.checked = true;
        askings.dispatchEvent(new Event('change', { bubbles: true }));
      }
      query.dispatchEvent(new Event('input', { bubbles: true }));
      input.value = m.name;
      list.replaceChildren();
      query.focus();
    };
    const item = (m) => {
      const li = document.createElement('li');
      const target = document.createElement(toQuery ? 'button' : 'a');
      if (toQuery) {
        target.type = 'button';
        target.className = 'linkish';
        target.addEventListener('click', () => choose(m));
      } else {
        target.href = '/members/' + m.id;
      }
      target.textContent = m.name;
      li.append(target);
      if (m.detail) {
        const span = document.createElement('span');
        span.className = 'meta';
        span.textContent = ' · ' + m.detail;
        li.append(span);
      }
      return li;
    };
    let timer;
    let latest = 0;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const ticket = ++latest;
        const q = input.value.trim();
        const result = q.length < 2 ? { members: [] } : await (await fetch('/api/members?q=' + encodeURIComponent(q))).json();
        if (ticket === latest) list.replaceChildren(...result.members.map(item));
      }, 200);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') list.replaceChildren();
      // On the sign-up form Enter picks the first suggestion rather than submitting the alert half-made.
      if (toQuery && event.key === 'Enter') {
        event.preventDefault();
        const first = list.querySelector('button');
        if (first) first.click();
      }
    });
  }
})();
`;
