import { formatAge, workerLivenessSection } from './worker-liveness-section';

describe('formatAge', () => {
  it('says seconds up to two minutes, then minutes, then hours and minutes', () => {
    expect([0, 4.9, 119, 120, 7199, 7200, 9000].map(formatAge)).toEqual([
      '0 s',
      '4 s',
      '119 s',
      '2 min',
      '119 min',
      '2 h 0 min',
      '2 h 30 min',
    ]);
  });
});

describe('workerLivenessSection', () => {
  it('warns of each role with no live instance, and of none when every role has one', () => {
    const instance = {
      id: 'mailer:a:1',
      host: 'a',
      pid: 1,
      startedAt: new Date('2026-12-04T10:00:00Z'),
      beatAt: new Date('2026-12-04T10:05:00Z'),
      ageSeconds: 3,
      stale: false,
    };
    const allLive = ['scheduler', 'ingester', 'matcher', 'mailer'].map((role) => ({
      role,
      instances: [{ ...instance, id: `${role}:a:1` }],
      alive: 1,
    }));
    expect(String(workerLivenessSection(allLive, 60))).not.toContain('No live');
    const mailerDown = allLive.map((r) => (r.role === 'mailer' ? { ...r, instances: [], alive: 0 } : r));
    const page = String(workerLivenessSection(mailerDown, 60));
    expect(page).toContain(
      '<p class="error" data-role-down="mailer">No live mailer: no email is sent, confirmations included. None has beaten in the last day.</p>',
    );
    expect(page).toContain('<li>a, pid 1, started 2026-12-04 10:00:00 UTC, last beat 3 s ago</li>');
  });
});
