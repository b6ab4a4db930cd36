import { ALERT_CHANGE_RETENTION_MS, GOODBYE_ADDRESS_KEPT_MS } from '@alerts/delivery';
import { UNCONFIRMED_SIGNUP_DAYS } from '@alerts/subscriptions';
import { html } from './html';

const HOUR_MS = 3600_000;
const hours = (ms: number) => `${ms / HOUR_MS} hours`;

/**
 * `/privacy`: what is stored about a visitor and for how long, table by table, as the code does it (schema.prisma,
 * erase-departed-addresses.ts, expireUnconfirmedSignups, reconcile.ts, admin/lockout.ts, routes/vote.ts). The
 * periods that are constants in the code are read from them, so the page cannot drift from what the code does.
 */
export function privacyPage(options: { voterCookieDays: number; adminSessionHours: number }) {
  return html`<h1>Privacy: what we keep, and for how long</h1>
<p>This page lists everything this service stores about you, and when it goes. There are no adverts, analytics or tracking, and our pages load nothing from other sites.</p>

<h2 id="alerts">When you create an alert or follow a question</h2>
<ul>
<li><strong>Your email address</strong>, lower-cased, with the mailbox it delivers to (without a +tag; at Gmail without dots), which we use only to limit how many unconfirmed sign-ups one mailbox can collect; whether you have confirmed it, and when; and a number we change when you ask us to invalidate your old links.</li>
<li><strong>Each alert</strong>: its query, the label you gave it, how often it sends, whether it also tells you of questions when they are asked, whether it is paused, and when it was created, changed and confirmed.</li>
<li><strong>Each question you follow</strong>: which question, when you asked and confirmed, whether you asked for the "still waiting" email and when it was sent, and which news about it we have sent you.</li>
<li><strong>Which answers matched each alert</strong>, when we found them and in which email we sent them.</li>
<li><strong>Each email we send you or owe you</strong>: your address, its kind, when, whether it was sent, and, if sending failed, the mail server's reply with your address taken out.</li>
<li><strong>Which alerts and questions each confirmation email listed</strong>, so its link confirms only those.</li>
<li>A note that your alerts changed (your subscriber number, not your address), which the matcher reads to keep up; deleted after ${hours(ALERT_CHANGE_RETENTION_MS)}.</li>
</ul>
<p>Our job queue never holds your address: its jobs carry only numbers. Our logs name the page asked for, never its full address (links in emails carry tokens) and never your IP address; email addresses and tokens are removed from every log line. To send email we hand your address and the email to our mail provider.</p>

<h2 id="how-long">How long we keep it</h2>
<ul>
<li><strong>If you never confirm</strong>, the alerts and follows waiting for confirmation are deleted ${UNCONFIRMED_SIGNUP_DAYS} days after you asked (we look every hour), and your address with them if you had nothing else.</li>
<li>The record of what each confirmation email listed is deleted ${UNCONFIRMED_SIGNUP_DAYS} days after it was sent, when its link stops working.</li>
<li><strong>While you are subscribed</strong> we keep all of the above. Deleting an alert deletes it and its matches; "Stop following" deletes the follow. Deleting all your alerts keeps your address and the questions you follow until you unsubscribe.</li>
<li><strong>When you unsubscribe</strong> (the link in every email), your address, alerts, follows, matches and confirmation records are deleted at once, and we send one email to say so. Your address is then erased from the record of each email we sent you at our next minutely clean-up after that goodbye email goes (the rest of each record stays, without any address, as our count of emails sent); if the goodbye cannot be sent, its address is erased ${hours(GOODBYE_ADDRESS_KEPT_MS)} after you unsubscribed and it is not sent.</li>
<li>An <strong>administrator's action</strong> on your alert is recorded in our audit log with your address; the address is erased from the log once no subscriber has it.</li>
</ul>

<h2 id="bounces">If email to you bounces, or you report it as spam</h2>
<p>We record each bounce or complaint about your address: the address, its kind, how it reached us, the mail server's status and message, and the part of the report that says so (at most 2,000 characters). A permanent bounce, enough temporary ones, or a complaint puts the address on our <strong>suppression list</strong>, so that we never email it again; a complaint also unsubscribes you as above, without the goodbye email. The suppression list keeps the address until an administrator lifts it (it must, to stop mail reaching it), and the bounce and complaint records are kept as its history.</p>

<h2 id="votes">"Does this answer the above question?"</h2>
<p>If you vote, we store the question, your yes or no, when, and an identifier for your browser: a keyed hash of your IP address at your first vote, which cannot be turned back into the address, kept in a cookie named <code>voter</code> for ${options.voterCookieDays} days so that you can change your vote (a browser that refuses the cookie is known by the same hash each time). The IP address itself is not stored. Votes are kept.</p>

<h2 id="cookies">Cookies</h2>
<p>The <code>voter</code> cookie above, only once you vote. Administrators also get a log-in cookie (${options.adminSessionHours} hours) and one against cross-site forms. Nothing else.</p>

<h2 id="addresses">IP addresses</h2>
<p>To limit how often one address can sign up, search or try to log in, the web server counts requests per IP address in its memory for the limit's window (one to fifteen minutes); they are never written down. Failed administrator log-ins are recorded against the IP address they came from (for IPv6, its first half) to lock out guessing; that record is deleted when a log-in from there succeeds, or at a later failed log-in to the same account once a day has passed without failures from there.</p>`;
}
