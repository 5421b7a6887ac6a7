/**
 * Every time on screen is shown in the district's time zone (the `timeZone` of the district's SMS policy, read once
 * signed in; the signed-in person's `zoneinfo` claim only when the policy cannot be read), with the zone's
 * abbreviation, so "8:00 AM CST" means the same to a teacher travelling elsewhere as to the school.
 */
let zone = 'UTC';

export function setTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    zone = timeZone;
  } catch {
    zone = 'UTC';
  }
}

export const timeZone = (): string => zone;

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return (
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZoneName: undefined,
    }).format(new Date(iso)) +
    ' ' +
    zoneName(iso)
  );
}

export function formatDate(day: string): string {
  // A calendar day (YYYY-MM-DD) has no zone: show it as written.
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

function zoneName(iso: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** A `datetime-local` value (wall time in the district's zone) as an ISO instant with its UTC offset. */
export function localInputToIso(value: string): string {
  const [date, time] = value.split('T');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time!.split(':').map(Number);
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The zone's offset at that moment: the difference between the wall time it shows and UTC.
  const shown = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (t: string) => Number(shown.find((p) => p.type === t)?.value);
  const offsetMs = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - guess;
  return new Date(guess - offsetMs).toISOString();
}
