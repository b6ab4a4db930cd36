/** The whole stylesheet: small, mobile-first, no framework. Served as a file because the CSP forbids inline styles. */
export const SITE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1rem}
header.site,footer.site{background:#12403c;color:#fff;padding:.75rem 1rem}
header.site a,footer.site a{color:#fff;margin-right:1rem}
header.site .brand{font-weight:700}
footer.site{font-size:.85rem;margin-top:3rem}
footer.site nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}footer.site a{margin-right:0}
ul.demos li{margin:.4rem 0}ul.demos code{overflow-wrap:anywhere}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
a{color:#0b5394}
h1{font-size:1.6rem;line-height:1.25}
.meta{color:#555;font-size:.95rem}
.answer,.question{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0;overflow-x:auto}
.cta{display:inline-block;background:#0b6e4f;color:#fff;padding:.75rem 1rem;border-radius:6px;text-decoration:none;font-weight:700}
.error{color:#a00;font-weight:600}
.notice{background:#eef7f1;border-left:4px solid #0b6e4f;padding:.75rem}
.demo-banner{margin:0;background:#fff7bf;color:#3b3200;border-bottom:2px solid #d9c766;padding:.5rem 1rem;font-size:.9rem;text-align:center}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=url],textarea,select{width:100%;padding:.5rem;font:inherit;border:1px solid #888;border-radius:4px}
button{font:inherit;padding:.5rem 1rem;margin-top:.5rem;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
ul.results{padding:0;list-style:none}ul.results li{margin:.75rem 0}ul.letters{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:0;list-style:none;font-size:1.1rem}ul.letters a{display:inline-block;min-width:1.75rem;padding:.25rem 0;text-align:center}@media (min-width:48rem){ul.members{columns:2;column-gap:2rem}ul.members li{break-inside:avoid}}
.inline{display:inline}
button.primary{background:#0b6e4f;color:#fff;border:2px solid #0b6e4f;border-radius:6px;font-weight:700;padding:.65rem 1.25rem}
button.primary:hover,.cta:hover{background:#08543c}
button.secondary{background:#fff;color:#0b6e4f;border:2px solid #0b6e4f;border-radius:6px;padding:.55rem 1rem}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.tag{display:inline-block;background:#fff7bf;color:#594d00;font-weight:700;padding:0 .4rem;border-radius:3px}
.notice.holding{background:#fffbe6;border-left-color:#b58a00}
.snippet{display:block;color:#333;font-size:.95rem;margin-top:.25rem}
.follow-link{display:inline-block;margin-top:.35rem;font-weight:600}
.follow-box{background:#fff;border:2px solid #0b6e4f;border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}.follow-box h2{margin:.75rem 0 0}
ol.results{padding-left:1.25rem}ol.results li{margin:1rem 0}ol.results h2{font-size:1.1rem;margin:0 0 .25rem}ol.results p{margin:.25rem 0}
mark{background:#fff0a0;color:inherit;font-weight:700;padding:0 .1em}
.suggestions{padding:0;list-style:none}.suggestions li{margin:.5rem 0}
.suggestions a{display:block;background:#fff;border:2px solid #b8cfc6;border-radius:6px;padding:.6rem .75rem;text-decoration:none;color:#1b1b1b}
.suggestions a:hover{border-color:#0b6e4f}.suggestions a[aria-current=true]{border-color:#0b6e4f;background:#eef7f1}
.suggestions code{color:#0b5394;font-weight:700;font-size:1rem}.suggestions .what{color:#333}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}.actions button{margin:0}
h2{font-size:1.25rem}
.button-link{display:inline-flex;align-items:center;padding:.5rem 1rem;border:1px solid #767676;border-radius:4px;background:#fff;color:#0b5394}
button.danger{background:#b10e1e;color:#fff;border:2px solid #b10e1e;border-radius:6px;font-weight:700;padding:.6rem 1.2rem}
form.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}form.actions button{margin:0}
.count{display:block;color:#555;font-size:.9rem}
.checks label{font-weight:400;margin-top:.5rem}fieldset.checks{margin-top:1rem}
fieldset{border:0;padding:0;margin:.5rem 0 0}legend{font-weight:600;padding:0}
.typeahead{list-style:none;padding:0;margin:.25rem 0;border:1px solid #ddd;border-radius:4px;background:#fff}
.typeahead:empty{display:none}.typeahead li{padding:.4rem .6rem;border-bottom:1px solid #eee}
button.linkish{background:none;border:0;padding:0;margin:0;color:#0b5394;text-decoration:underline;font-weight:600;text-align:left}
.member-finder{background:#fff;border:1px solid #ddd;border-radius:6px;padding:0 .75rem .5rem;margin:1rem 0}
[hidden]{display:none!important}
.cut-note{overflow-wrap:anywhere}
ul.mailbox,ul.links{padding-left:1.1rem}ul.mailbox li{margin:.6rem 0}
ul.links a,.headers dd{overflow-wrap:anywhere;word-break:break-word}
pre.mail-text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9rem}
.bounce-event pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem;max-height:12rem;overflow:auto}
.headers dt{font-weight:600;margin-top:.4rem}.headers dd{margin:0;font-family:monospace;font-size:.85rem}
header.site nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}header.site a{margin-right:0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;padding:0;list-style:none}
.stats li{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.75rem}.stats strong{display:block;font-size:1.6rem}
/* A table that may be wider than the page scrolls inside its own box, never the page (answers' tables, admin lists). */
.table-scroll{overflow-x:auto;max-width:100%;margin:1rem 0}
/* Admin tables: words wrap whole; only what has no spaces to wrap at (addresses, ids, JSON: .long) breaks anywhere,
   at every width, so no cell is ever wider than a phone and no date or word is chopped. */
table.wrap td,table.wrap th{overflow-wrap:normal}
table.wrap .long{overflow-wrap:anywhere}
table.wrap code{white-space:pre-wrap}
.nowrap{white-space:nowrap}
@media (max-width:40rem){h1{font-size:1.35rem}td,th{overflow-wrap:anywhere;padding:.3rem}}
/* An answer's table keeps its words whole and its figures on one line, and scrolls in its box instead (after the
   phone rule above, which would break a figure such as 1,234,567 across lines). */
.answer .table-scroll table{width:auto;min-width:100%}
.answer td,.answer th{overflow-wrap:normal;word-break:normal;min-width:4rem}
.answer td.num,.answer th.num{white-space:nowrap;min-width:0}
.answer td p,.answer th p{margin:.2rem 0}
/* Webhook fields (sign-up and edit forms), a turned-off webhook on the manage page, a signing secret */
details.webhook{margin:1rem 0}
details.webhook summary{cursor:pointer;font-weight:600;padding:.25rem 0}
.warning{color:#a00}
input.secret{font-family:ui-monospace,monospace}
`;
