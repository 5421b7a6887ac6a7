import type { Clock } from '../../src/application/ports/clock.port';
import { firstInstantAtOrAfter } from '../../src/domain/student/quiet-hours';

/**
 * A clock that runs at real speed from a chosen instant, and can jump. Texts are subject to quiet hours in the
 * student's time zone, so tests that send texts must not depend on the hour the suite happens to run at.
 */
export class TestClock implements Clock {
  private offsetMs: number;

  constructor(start: Date = new Date()) {
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Jump to an instant; time keeps running from there. */
  set(at: Date | string): void {
    this.offsetMs = new Date(at).getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** The instant of `hh:mm` on the day `daysBefore` days before today in the zone (negative: days after). */
export function localInstant(timeZone: string, daysBefore: number, hh: number, mm = 0): Date {
  const [month, day, year] = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  })
    .format(new Date())
    .split('/')
    .map(Number);
  const d = new Date(Date.UTC(year!, month! - 1, day! - daysBefore));
  const local = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), minutes: hh * 60 + mm };
  return firstInstantAtOrAfter(local, timeZone);
}

/** The date `daysBefore` days before today in the zone (negative: days after), YYYY-MM-DD. */
export function localDate(timeZone: string, daysBefore: number): string {
  return localInstant(timeZone, daysBefore, 12).toLocaleDateString('en-CA', { timeZone });
}

/** Today at 12:00 in Chicago: inside the default 8:00-21:00 window from New York to Denver (and Los Angeles). */
export function schoolDayClock(): TestClock {
  return new TestClock(localInstant('America/Chicago', 0, 12));
}
