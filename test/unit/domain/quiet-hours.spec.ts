import { firstInstantAtOrAfter, formatLocalTime, nextAllowedTime } from '../../../src/domain/student/quiet-hours';

const DAY = { start: '08:00', end: '21:00' };
const iso = (d: Date) => d.toISOString();

describe('quiet hours: the next time a text may go out (pure, Intl only)', () => {
  it('lets a text go now inside the window, and holds it at the boundaries', () => {
    expect(iso(nextAllowedTime(new Date('2026-09-01T16:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-09-01T16:00:00.000Z',
    ); // 10:00 MDT
    expect(iso(nextAllowedTime(new Date('2026-09-01T14:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-09-01T14:00:00.000Z',
    ); // 08:00 sharp
    expect(iso(nextAllowedTime(new Date('2026-09-02T03:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-09-02T14:00:00.000Z',
    ); // 21:00 sharp: tomorrow
  });

  it('moves an evening text to 8:00 the next morning and an early one to 8:00 the same day', () => {
    expect(iso(nextAllowedTime(new Date('2026-09-02T04:30:00Z'), 'America/Denver', DAY))).toBe(
      '2026-09-02T14:00:00.000Z',
    ); // 22:30 MDT
    expect(iso(nextAllowedTime(new Date('2026-09-02T11:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-09-02T14:00:00.000Z',
    ); // 05:00 MDT
  });

  it("uses the student's zone, not the server's: 19:00 in New York is allowed, the same instant in Honolulu is not", () => {
    const at = new Date('2026-09-01T23:00:00Z');
    expect(nextAllowedTime(at, 'America/New_York', DAY)).toBe(at);
    expect(iso(nextAllowedTime(new Date('2026-09-01T18:00:00Z'), 'Pacific/Honolulu', DAY))).toBe(
      '2026-09-01T18:00:00.000Z',
    ); // 08:00 HST
    expect(iso(nextAllowedTime(new Date('2026-09-01T17:59:00Z'), 'Pacific/Honolulu', DAY))).toBe(
      '2026-09-01T18:00:00.000Z',
    ); // 07:59 HST
  });

  it('crosses the spring-forward night with the new offset (22:00 MST -> 08:00 MDT)', () => {
    // Denver springs forward on 2026-03-08 at 02:00: the evening before is UTC-7, the morning after UTC-6.
    expect(iso(nextAllowedTime(new Date('2026-03-08T05:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-03-08T14:00:00.000Z',
    );
  });

  it('crosses the fall-back night with the new offset (22:00 MDT -> 08:00 MST)', () => {
    // Denver falls back on 2026-11-01 at 02:00: the evening before is UTC-6, the morning after UTC-7.
    expect(iso(nextAllowedTime(new Date('2026-11-01T04:00:00Z'), 'America/Denver', DAY))).toBe(
      '2026-11-01T15:00:00.000Z',
    );
  });

  it('a window opening at a time the clock skips opens when the clock jumps; one it repeats opens the first time', () => {
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z). 02:30 does not exist that night.
    expect(iso(firstInstantAtOrAfter({ year: 2026, month: 3, day: 8, minutes: 150 }, 'America/New_York'))).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(
      iso(nextAllowedTime(new Date('2026-03-08T06:00:00Z'), 'America/New_York', { start: '02:30', end: '21:00' })),
    ).toBe('2026-03-08T07:00:00.000Z');
    // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): the first counts.
    expect(iso(firstInstantAtOrAfter({ year: 2026, month: 11, day: 1, minutes: 90 }, 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('handles a window that wraps past midnight (e.g. a night-shift program allowed 20:00 to 06:00)', () => {
    const night = { start: '20:00', end: '06:00' };
    expect(iso(nextAllowedTime(new Date('2026-09-01T18:00:00Z'), 'UTC', night))).toBe('2026-09-01T20:00:00.000Z');
    expect(iso(nextAllowedTime(new Date('2026-09-02T03:00:00Z'), 'UTC', night))).toBe('2026-09-02T03:00:00.000Z');
  });

  it('crosses a month and a year end', () => {
    expect(iso(nextAllowedTime(new Date('2026-12-31T23:30:00Z'), 'UTC', DAY))).toBe('2027-01-01T08:00:00.000Z');
  });

  it("formats the time for the sender in the student's zone", () => {
    expect(formatLocalTime(new Date('2026-09-02T14:00:00Z'), 'America/Denver')).toBe('Wed, Sep 2, 8:00 AM MDT');
  });
});
