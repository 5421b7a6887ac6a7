/** An ISO 8601 time as events carry it, or as PostgreSQL prints a timestamptz ('2026-01-05 15:00:00.5+00'). */
const TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Microseconds since the epoch, exact to PostgreSQL's precision (timestamptz keeps microseconds), so that a fold
 * compares times as the database would. Any other text JavaScript can read is taken to the millisecond; text nobody
 * can read throws (the database would refuse it too: the event is then isolated, see IsolatingWriter).
 */
export function microsOf(at: string): number {
  const m = TIME.exec(at);
  if (m) {
    let zone = (m[4] ?? 'Z').toUpperCase();
    if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
    else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
    if (!Number.isNaN(ms)) return ms * 1000 + Number((m[3] ?? '').padEnd(6, '0'));
  }
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new Error('A time the read model cannot read');
  return ms * 1000;
}
