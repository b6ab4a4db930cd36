/**
 * The slot a tick belongs to: its time floored to the schedule's period, as an ISO string without ':' (BullMQ job
 * ids may not contain it). Two schedulers ticking within the same period produce the same slot, hence the same
 * job id, hence one job.
 */
export function slotFor(at: Date, periodMinutes: number): string {
  const period = periodMinutes * 60_000;
  const floored = new Date(Math.floor(at.getTime() / period) * period);
  return floored.toISOString().slice(0, 16).replace(':', '');
}
