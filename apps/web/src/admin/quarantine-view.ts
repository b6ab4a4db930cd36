import { html } from '../views/html';
import type { QuarantinedRow } from './load-quarantine';

const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The dashboard's section on records ingestion could not store: what failed, why, and when it is tried again. */
export function quarantineSection(quarantine: { unresolved: number; records: QuarantinedRow[] }) {
  const { unresolved, records } = quarantine;
  if (!unresolved) return html`<h2>Records ingestion could not store</h2><p>None: every record fetched was stored.</p>`;
  const shown = records.length < unresolved ? html`<p>The ${records.length} that have waited longest:</p>` : '';
  return html`<h2>Records ingestion could not store</h2>
<p><strong>${unresolved}</strong> quarantined ${unresolved === 1 ? 'record' : 'records'}: ${unresolved === 1 ? 'its detail' : 'their details'} failed to fetch, or the record was refused as malformed. Every scheduled ingest fetches again the ones due, whatever its window, waiting longer after each failure (10 minutes, doubling, at most a day); a record stored is no longer listed.</p>
${shown}<table class="quarantine"><thead><tr><th>Record</th><th>Source</th><th>Reason</th><th>Attempts</th><th>Failing since</th><th>Next retry</th></tr></thead><tbody>
${records.map(
  (r) =>
    html`<tr><td>${r.apiUrl ? html`<a href="${r.apiUrl}">${r.recordId}</a>` : r.recordId}${r.pageUrl ? html`<br><a href="${r.pageUrl}">on parliament.uk</a>` : ''}</td><td>${r.source}</td><td>${r.reason}</td><td>${r.attempts}</td><td>${when(r.firstFailedAt)}</td><td>${when(r.nextRetryAt)}</td></tr>`,
)}
</tbody></table>`;
}
