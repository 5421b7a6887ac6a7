import type { QuietHours } from '../district/district.events';

/**
 * Quiet hours, in pure code: texts go out only from `start` until `end` in the student's (or district's) time zone.
 * Everything is computed with Intl so the domain needs no date library and reads no clock: the caller passes the
 * instant. Daylight-saving edges are handled explicitly: a start time the clock skips (spring forward) means the first
 * instant after the jump; a start time the clock repeats (fall back) means its first occurrence.
 */

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The zone's wall clock at the last whole second read, per zone. A zone's offset is a whole number of seconds and
 * changes only at a whole second, so every instant of one UTC second reads the same wall second: remembering the last
 * one is exact, and spares Intl's formatToParts (the costliest step here) for the many decisions taken within a second.
 */
const lastSecond = new Map<string, { second: number; wall: number }>();

/** The wall-clock reading in the zone at an instant, expressed as if it were UTC (ms). */
function wallClockMs(at: number, timeZone: string): number {
  const ms = ((at % 1000) + 1000) % 1000;
  const second = at - ms;
  const last = lastSecond.get(timeZone);
  if (last !== undefined && last.second === second) return last.wall + ms;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(second))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  if (last === undefined) lastSecond.set(timeZone, { second, wall });
  else {
    last.second = second;
    last.wall = wall;
  }
  return wall + ms;
}

function localDateTime(at: number, timeZone: string): LocalDateTime {
  const wall = new Date(wallClockMs(at, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/**
 * The first instant whose local wall-clock reading is at or after the given local date and time. Usually that wall
 * time exists once; in a fall-back hour it exists twice (the first wins); in a spring-forward gap it does not exist,
 * and the answer is the instant the clock jumps over it.
 */
export function firstInstantAtOrAfter(
  local: { year: number; month: number; day: number; minutes: number },
  timeZone: string,
): Date {
  const target = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes);
  // Offsets in force a day before and after bound every candidate (zones change offset at most once a day).
  const offsets = [
    ...new Set([
      wallClockMs(target - 86_400_000, timeZone) - (target - 86_400_000),
      wallClockMs(target + 86_400_000, timeZone) - (target + 86_400_000),
    ]),
  ];
  const exact = offsets
    .map((o) => target - o)
    .filter((t) => wallClockMs(t, timeZone) === target)
    .sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]!);
  // A gap: binary-search the first instant whose wall clock has passed the target.
  let lo = Math.min(...offsets.map((o) => target - o));
  let hi = Math.max(...offsets.map((o) => target - o));
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a local minute-of-day falls in the allowed window (which may wrap past midnight, e.g. 20:00 to 06:00). */
function allowedAt(minutes: number, start: number, end: number): boolean {
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** `at` itself when texting is allowed then, otherwise the next time the allowed window opens. */
export function nextAllowedTime(at: Date, timeZone: string, quietHours: QuietHours): Date {
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const local = localDateTime(at.getTime(), timeZone);
  if (allowedAt(local.minutes, start, end)) return at;
  // Outside the window: it opens today if we are before the start, otherwise tomorrow.
  const sameDay = local.minutes < start;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (sameDay ? 0 : 1)));
  const opens = firstInstantAtOrAfter(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), minutes: start },
    timeZone,
  );
  return opens.getTime() > at.getTime() ? opens : at;
}

/** "Wed, Aug 14, 8:00 AM MDT": how a scheduled time is shown to the sender, in the student's time zone. */
export function formatLocalTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
    .format(at)
    .replace(/\u202f/g, ' ');
}

/**
 * Local calendar days in a zone: `today` is the date at `at` there, `startOf(n)` the first instant of the day `n`
 * days before it (a day-light saving change is the zone's: a day may last 23 or 25 hours).
 */
export function localDays(
  at: Date,
  timeZone: string,
): { today: string; dayBefore(n: number): string; startOf(n: number): Date } {
  const local = localDateTime(at.getTime(), timeZone);
  const day = (n: number) => new Date(Date.UTC(local.year, local.month - 1, local.day - n));
  return {
    today: day(0).toISOString().slice(0, 10),
    dayBefore: (n) => day(n).toISOString().slice(0, 10),
    startOf: (n) => {
      const d = day(n);
      return firstInstantAtOrAfter(
        { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), minutes: 0 },
        timeZone,
      );
    },
  };
}
