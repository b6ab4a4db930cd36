/**
 * The member typeahead on /members: names appear under the box as the visitor types (from /api/members), each a
 * link to the member's page. Without JavaScript the form's "Find" button filters the list on the server.
 */
export const MEMBER_SEARCH_JS = `(() => {
  const input = document.getElementById('member-q');
  const list = document.getElementById('member-suggestions');
  if (!input || !list) return;
  let timer;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const q = input.value.trim();
      const result = q.length < 2 ? { members: [] } : await (await fetch('/api/members?q=' + encodeURIComponent(q))).json();
      if (ticket !== latest) return;
      list.replaceChildren(...result.members.map((m) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = '/members/' + m.id;
        a.textContent = m.name;
        li.append(a);
        if (m.detail) {
          const span = document.createElement('span');
          span.className = 'meta';
          span.textContent = ' · ' + m.detail;
          li.append(span);
        }
        return li;
      }));
    }, 200);
  });
})();
`;
