import type { RoleLiveness, WorkerInstance } from '@alerts/runtime';
import { html } from '../views/html';

/** What stops when a role has no live instance, for the dashboard's warning. */
const WITHOUT: Record<string, string> = {
  scheduler: 'no ingest, digest or sweep is enqueued',
  ingester: 'new answers are not fetched and no match jobs are dispatched',
  matcher: 'new answers are not matched to alerts',
  mailer: 'no email is sent, confirmations included',
};

/** "4 s", "3 min", "2 h 5 min": how long since a beat, for people. */
export function formatAge(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 120) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const utc = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;

function instanceLine(instance: WorkerInstance, staleAfterSeconds: number) {
  const facts = html`${instance.host}, pid ${instance.pid}, started ${utc(instance.startedAt)}, last beat ${formatAge(instance.ageSeconds)} ago`;
  return instance.stale
    ? html`<li class="error">STALE: ${facts} (no beat for over ${staleAfterSeconds} s: crashed, hung or cut off from the database)</li>`
    : html`<li>${facts}</li>`;
}

/** The dashboard's "Workers" section: each role's instances with their last beat, stale ones and dead roles called out. */
export function workerLivenessSection(roles: RoleLiveness[], staleAfterSeconds: number) {
  const dead = roles.filter((role) => role.alive === 0);
  return html`<h2 id="workers">Workers</h2>
${dead.map((role) => html`<p class="error" data-role-down="${role.role}">No live ${role.role}: ${WITHOUT[role.role] ?? 'its work is not done'}.${role.instances.length ? ' Its last instances stopped beating.' : ' None has beaten in the last day.'}</p>`)}
<ul class="workers">${roles.map(
    (
      role,
    ) => html`<li data-role="${role.role}"><strong>${role.role}</strong>: ${role.alive} live ${role.alive === 1 ? 'instance' : 'instances'}${role.instances.length > role.alive ? html`, <strong>${role.instances.length - role.alive} stale</strong>` : ''}
${role.instances.length ? html`<ul>${role.instances.map((instance) => instanceLine(instance, staleAfterSeconds))}</ul>` : ''}</li>`,
  )}</ul>
<p class="meta">Each worker role instance writes a heartbeat to the database every HEARTBEAT_INTERVAL_SECONDS (15 s by default); a graceful stop removes it, a crash leaves it to go stale, and it is pruned after a day.</p>`;
}
