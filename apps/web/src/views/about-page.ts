import { html } from './html';

export const OPEN_PARLIAMENT_LICENCE =
  'https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/';
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';
const OPEN_GOVERNMENT_LICENCE = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

/** `/about`: what the service does, where its data comes from, and the licences it is used under. */
export function aboutPage() {
  return html`<h1>About Parliament Alerts</h1>
<p>Parliament Alerts emails you when the UK government answers a written parliamentary question about something you care about. Members of the House of Commons and the House of Lords ask the government written questions; a department answers in writing, and Parliament publishes both.</p>
<h2>What you can do here</h2>
<ul>
<li><strong>Create an alert</strong>: save a query (words, phrases, a member, a department, a House: see <a href="/help">how to write a query</a>) and get the answers that match it, as they arrive, once a day or once a week. An alert can also tell you when a matching question is asked, before it is answered.</li>
<li><strong>Follow a question</strong> still waiting for an answer (<a href="/tabled">questions waiting for an answer</a>): we email you when it gets a holding answer, when it is answered, if the answer is corrected or if it is withdrawn, and, if you ask, once if it passes its due date unanswered.</li>
<li><strong>Search</strong> every answer we hold, and browse <a href="/members">members</a> and the questions they asked and answered.</li>
</ul>
<p>Nothing is sent until you confirm your address from the email we send it. Every email has a one-click unsubscribe, and a link to a page where you can pause, change or delete each alert. What we keep about you, and for how long, is on the <a href="/privacy">privacy page</a>.</p>
<h2>Where the data comes from</h2>
<p>Questions, answers and their dates come from UK Parliament's Written Questions API; the names and parties of members from Parliament's Members API. Answers are shown as Parliament published them. Where we hold only the start of an answer we say so, and link to the whole of it on parliament.uk.</p>
<h2>Licences</h2>
<p>Contains Parliamentary information licensed under the <a href="${OPEN_PARLIAMENT_LICENCE}">Open Parliament Licence v3.0</a>.</p>
<p>The sample of real questions the service can run on without a connection to Parliament also uses mySociety and UK Parliament's "Commons written questions interests" dataset (v0.1.0, <a href="${CC_BY}">CC BY 4.0</a>) and a list of MPs built by the Department for Education's analytical services from the Members API and ONS Open Geography, which contains public sector information licensed under the <a href="${OPEN_GOVERNMENT_LICENCE}">Open Government Licence v3.0</a> (source: Office for National Statistics).</p>`;
}
