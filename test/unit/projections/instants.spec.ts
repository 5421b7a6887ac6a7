import { microsOf } from '../../../src/projections/runner/instants';

describe('microsOf: times compared as PostgreSQL compares timestamptz', () => {
  it('reads an event time and the same instant as PostgreSQL prints it alike', () => {
    const at = microsOf('2026-09-01T15:00:00.123Z');
    expect(microsOf('2026-09-01 15:00:00.123+00')).toBe(at);
    expect(microsOf('2026-09-01 10:00:00.123-05')).toBe(at);
    expect(microsOf('2026-09-01T17:00:00.123+02:00')).toBe(at);
    expect(microsOf('2026-09-01T15:00:00.123000Z')).toBe(at);
  });

  it('keeps microseconds, which JavaScript dates drop', () => {
    expect(microsOf('2026-09-01 15:00:00.000001+00') - microsOf('2026-09-01T15:00:00.000Z')).toBe(1);
    expect(microsOf('2026-09-01T15:00:00Z')).toBe(Date.UTC(2026, 8, 1, 15) * 1000);
  });

  it('refuses a time nobody can read', () => {
    expect(() => microsOf('yesterday-ish')).toThrow(/cannot read/);
  });
});
