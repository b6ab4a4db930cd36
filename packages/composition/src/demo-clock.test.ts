import { ukToday } from '@alerts/sources';
import { createDemoClock, demoBanner, LIVE_CLOCK, newsWord, previewSpan, readerToday } from './demo-clock';

// The sample's newest answer is dated 19 August 2026 and its newest questions were tabled on 2 September 2026.
const facts = { newestAnswer: '2026-08-19', newestRecord: '2026-09-02' };

describe('the demo clock', () => {
  it("makes today the day after the newest stored record, and runs on from there at the machine's pace", () => {
    let machine = new Date('2026-12-05T12:19:45Z');
    const clock = createDemoClock({ ...facts, machineNow: () => machine });
    expect(clock.now().toISOString()).toBe('2026-09-03T12:19:45.000Z');
    expect(readerToday(clock)).toBe('2026-09-03');
    machine = new Date('2026-12-06T09:00:00Z'); // the demo left running overnight
    expect(readerToday(clock)).toBe('2026-09-04');
  });

  it('never runs ahead of the machine', () => {
    const machine = new Date('2026-08-01T10:00:00Z');
    expect(createDemoClock({ ...facts, machineNow: () => machine }).now()).toEqual(machine);
  });

  it('states what is replayed and the day due dates count from', () => {
    const clock = createDemoClock({ ...facts, machineNow: () => new Date('2026-12-05T12:00:00Z') });
    expect(clock.demo?.statement).toBe(
      'Demo: real answers replayed; the newest stored answer is dated 19 August 2026.',
    );
    expect(demoBanner(clock)).toBe(
      'Demo: real answers replayed; the newest stored answer is dated 19 August 2026. Due dates count from 3 September 2026.',
    );
    expect(newsWord(clock)).toBe('replayed');
    expect(previewSpan(clock)).toEqual({ days: null });
  });

  it('leaves the live source alone: the real clock, new answers, 30-day previews, no banner', () => {
    expect(readerToday(LIVE_CLOCK)).toBe(ukToday());
    expect(LIVE_CLOCK.demo).toBeNull();
    expect(demoBanner(LIVE_CLOCK)).toBeNull();
    expect(newsWord(LIVE_CLOCK)).toBe('new');
    expect(previewSpan(LIVE_CLOCK)).toEqual({ days: 30 });
  });
});
