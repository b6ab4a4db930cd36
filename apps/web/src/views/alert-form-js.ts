/**
 * Progressive enhancement for the alert form: a live plain-English description while typing. The form works the
 * same without it (the server renders the description on "Preview matches").
 */
export const ALERT_FORM_JS = `(() => {
  const input = document.getElementById('query');
  const out = document.getElementById('query-description');
  if (!input || !out) return;
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch('/api/describe?q=' + encodeURIComponent(input.value));
      const result = await response.json();
      out.textContent = result.ok ? 'You will get: ' + result.description : (input.value ? 'Problem at character ' + (result.position + 1) + ': ' + result.message : '');
    }, 250);
  });
})();
`;
