import { decideDistrict } from '../../../src/domain/district/district.decide';
import { evolveDistrict, initialDistrictState } from '../../../src/domain/district/district.state';
import { type DomainError } from '../../../src/domain/shared/domain-error';
import type { Actor } from '../../../src/domain/shared/actor';

const admin: Actor = { id: 'a1', role: 'school_admin', districtId: 'd1' };
const NOW = new Date('2026-09-01T10:00:00Z');
const set = (over = {}) => ({
  type: 'SetDistrictSmsPolicy' as const,
  data: {
    districtId: 'd1',
    smsAllowed: true,
    timeZone: 'America/Chicago',
    quietHours: { start: '08:00', end: '21:00' },
    allowedLinkHosts: ['School.org ', 'school.org'],
    ...over,
  },
});
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('SetDistrictSmsPolicy', () => {
  it('records the policy with link hosts normalized, and nothing when set again unchanged', () => {
    const events = decideDistrict(set(), initialDistrictState(), { actor: admin, now: NOW });
    expect(events).toEqual([
      { type: 'DistrictSmsPolicySet', data: { ...set().data, allowedLinkHosts: ['school.org'] } },
    ]);
    const state = evolveDistrict(initialDistrictState(), events[0]!);
    expect(decideDistrict(set(), state, { actor: admin, now: NOW })).toEqual([]);
  });
  it('is for school administrators of that district only, with valid quiet hours and time zone', () => {
    expect(
      codeOf(() => decideDistrict(set(), initialDistrictState(), { actor: { ...admin, role: 'teacher' }, now: NOW })),
    ).toBe('FORBIDDEN_ROLE');
    expect(
      codeOf(() => decideDistrict(set(), initialDistrictState(), { actor: { ...admin, districtId: 'd2' }, now: NOW })),
    ).toBe('FORBIDDEN_DISTRICT');
    expect(
      codeOf(() =>
        decideDistrict(set({ quietHours: { start: '8am', end: '21:00' } }), initialDistrictState(), {
          actor: admin,
          now: NOW,
        }),
      ),
    ).toBe('INVALID_QUIET_HOURS');
    // The allowed window typed backwards (it would text students overnight) is refused, not stored.
    expect(
      codeOf(() =>
        decideDistrict(set({ quietHours: { start: '21:00', end: '07:00' } }), initialDistrictState(), {
          actor: admin,
          now: NOW,
        }),
      ),
    ).toBe('INVALID_QUIET_HOURS');
    expect(
      codeOf(() =>
        decideDistrict(set({ timeZone: 'Mars/Olympus' }), initialDistrictState(), { actor: admin, now: NOW }),
      ),
    ).toBe('INVALID_TIME_ZONE');
  });
});
