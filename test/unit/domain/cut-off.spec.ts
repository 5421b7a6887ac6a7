import { cutOff } from '../../../src/domain/records/cut-off';
import { random } from '../../support/random-log';

/** happenedBy's rule, as the replay applied it to every event before cut-off.ts: the reference. */
const parsedBy = (time: unknown, asOf: Date): boolean => Date.parse(time as string) <= asOf.getTime();

const ODD_TIMES: unknown[] = [
  '2024-05-01T12:00:00.000Z',
  '2024-05-01T12:00:00.001Z',
  '2024-05-01T11:59:59.999Z',
  '2024-05-01T14:00:00.000+02:00',
  '2024-05-01T12:00:00+00:00',
  '2024-05-01T12:00:00Z',
  '2024-05-01T12:00:00.1Z',
  '2024-05-01T12:00:00.0009Z',
  '2024-05-01T12:00:00.000',
  '2024-05-01',
  '2024-02-29T12:00:00.000Z',
  '2023-02-29T12:00:00.000Z',
  '2024-02-30T00:00:00.000Z',
  '2024-04-31T12:00:00.000Z',
  '2024-04-30T24:00:00.000Z',
  '2024-05-01T24:00:00.001Z',
  '2024-13-01T00:00:00.000Z',
  '2024-05-00T00:00:00.000Z',
  '2024-05-01T12:60:00.000Z',
  '2024-05-01t12:00:00.000z',
  ' 2024-05-01T12:00:00.000Z',
  '2024-05-01T12:00:00.000Z ',
  '+002024-05-01T12:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  '-000001-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T24:00:00.000Z',
  'May 1, 2024 12:00 UTC',
  'yesterday',
  '',
  1714564800000,
  null,
  undefined,
];

const MOMENTS = [
  '2024-05-01T12:00:00.000Z',
  '2024-05-01T11:59:59.999Z',
  '2024-05-01T12:00:00.001Z',
  '2024-03-01T00:00:00.000Z',
  '2024-02-29T23:59:59.999Z',
  '2024-05-02T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '-000001-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
  '+010000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
].map((iso) => new Date(iso));

describe('cutOff: happenedBy for many events at one moment, without parsing toISOString times', () => {
  it('answers as Date.parse does for any time, at any moment (before year 0, past 9999, none at all)', () => {
    for (const asOf of [...MOMENTS, new Date(Number.NaN), new Date(-8.64e15)]) {
      const cut = cutOff(asOf);
      for (const time of ODD_TIMES)
        expect([time, asOf, cut.happened(time)]).toEqual([time, asOf, parsedBy(time, asOf)]);
    }
  });

  it('answers as Date.parse does for toISOString times around random moments, ties and the moment itself included', () => {
    const r = random(19);
    for (let i = 0; i < 2000; i++) {
      const t = Math.floor((r() - 0.3) * 4e14);
      const asOf = new Date(t);
      const cut = cutOff(asOf);
      for (const d of [-86_400_000, -1, 0, 1, 3_600_000, Math.floor((r() - 0.5) * 1e12)]) {
        const time = new Date(t + d).toISOString();
        expect([time, cut.happened(time)]).toEqual([time, parsedBy(time, asOf)]);
      }
    }
  });

  it('passes over only times that had not happened: of the shape "dddd-dd-ddTdd:dd:dd.dddZ", after the text', () => {
    const r = random(7);
    const digits = (n: number, max: number) => String(Math.floor(r() * (max + 1))).padStart(n, '0');
    const edge = (n: number, values: number[], max: number) =>
      r() < 0.7 ? String(values[Math.floor(r() * values.length)]).padStart(n, '0') : digits(n, max);
    let passedOver = 0;
    for (let i = 0; i < 20_000; i++) {
      const asOf = MOMENTS[Math.floor(r() * MOMENTS.length)]!;
      const { after } = cutOff(asOf);
      if (after === null) {
        expect(asOf.getTime()).toBeGreaterThan(Date.parse('9999-12-31T23:59:59.999Z'));
        continue;
      }
      const time =
        `${edge(4, [0, 2023, 2024, 9999], 9999)}-${edge(2, [0, 1, 2, 3, 4, 5, 12, 13], 99)}-` +
        `${edge(2, [0, 1, 28, 29, 30, 31, 32], 99)}T${edge(2, [0, 11, 12, 23, 24, 25], 99)}:` +
        `${edge(2, [0, 59, 60], 99)}:${edge(2, [0, 59, 60], 99)}.${edge(3, [0, 1, 999], 999)}Z`;
      if (time > after) {
        passedOver++;
        expect([time, asOf, parsedBy(time, asOf)]).toEqual([time, asOf, false]);
      }
    }
    expect(passedOver).toBeGreaterThan(1000);
  });
});
