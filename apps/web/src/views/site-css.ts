/** The whole stylesheet: small, mobile-first, no framework. Served as a file because the CSP forbids inline styles. */
export const SITE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1rem}
header.site,footer.site{background:#12403c;color:#fff;padding:.75rem 1rem}
header.site a,footer.site a{color:#fff;margin-right:1rem}
header.site .brand{font-weight:700}
footer.site{font-size:.85rem;margin-top:3rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
a{color:#0b5394}
h1{font-size:1.6rem;line-height:1.25}
.meta{color:#555;font-size:.95rem}
.answer,.question{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0;overflow-x:auto}
.cta{display:inline-block;background:#0b6e4f;color:#fff;padding:.75rem 1rem;border-radius:6px;text-decoration:none;font-weight:700}
.error{color:#a00;font-weight:600}
.notice{background:#eef7f1;border-left:4px solid #0b6e4f;padding:.75rem}
label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=email],input[type=password],input[type=search],textarea,select{width:100%;padding:.5rem;font:inherit;border:1px solid #888;border-radius:4px}
button{font:inherit;padding:.5rem 1rem;margin-top:.5rem;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
ul.results{padding:0;list-style:none}ul.results li{margin:.75rem 0}
.inline{display:inline}
`;
