import { OPEN_PARLIAMENT_LICENCE } from './about-page';
import { html, type SafeHtml } from './html';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  /** Admin pages get the admin navigation. */
  admin?: boolean;
  /** A line above every page: demo mode's statement of its clock (demoBanner of @alerts/composition). */
  banner?: string | null;
}

// One small stylesheet inline-free (CSP forbids inline styles), served from /assets/site.css.
export function layout({ title, body, admin, banner }: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Parliament Alerts</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><nav aria-label="Site">
<a href="/" class="brand">Parliament Alerts</a>
${
  admin
    ? html`<a href="/admin">Dashboard</a> <a href="/admin/subscriptions">Subscriptions</a> <a href="/admin/follows">Follows</a> <a href="/admin/suppressions">Suppressions</a> <a href="/admin/audit">Audit log</a> <a href="/admin/queues">Queues</a>`
    : html`<a href="/answers">Recent answers</a> <a href="/search">Search</a> <a href="/members">Members</a> <a href="/alerts/new">Create an alert</a>`
}
</nav></header>
${banner ? html`<p class="demo-banner" role="note">${banner}</p>` : ''}
<main id="main">
${body}
</main>
<footer class="site"><nav aria-label="About this site"><a href="/about">About</a> <a href="/privacy">Privacy</a> <a href="/help">Help: writing a query</a></nav>
<p>Contains Parliamentary information licensed under the <a href="${OPEN_PARLIAMENT_LICENCE}">Open Parliament Licence v3.0</a>.</p></footer>
</body>
</html>`.value;
}
