import type { Decider, DecisionContext } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { DistrictEvent, DistrictSmsPolicy } from './district.events';
import { evolveDistrict, initialDistrictState, type DistrictState } from './district.state';

export interface SetDistrictSmsPolicy {
  type: 'SetDistrictSmsPolicy';
  data: DistrictSmsPolicy;
}
export type DistrictCommand = SetDistrictSmsPolicy;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function decideDistrict(
  command: DistrictCommand,
  state: DistrictState,
  { actor }: DecisionContext,
): DistrictEvent[] {
  if (actor.role !== 'school_admin') {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      'Only a school administrator can set the district SMS policy.',
      'forbidden',
    );
  }
  if (actor.districtId !== command.data.districtId) {
    throw new DomainError('FORBIDDEN_DISTRICT', 'You can only change the policy of your own district.', 'forbidden');
  }
  const { quietHours, timeZone } = command.data;
  if (!HHMM.test(quietHours.start) || !HHMM.test(quietHours.end) || quietHours.start === quietHours.end) {
    throw new DomainError(
      'INVALID_QUIET_HOURS',
      'Quiet hours need a start and an end as different "HH:MM" times.',
      'invalid',
    );
  }
  // `quietHours` holds the window texts MAY go out in (outside it is quiet). A window across midnight (21:00-07:00)
  // is almost always that window typed backwards, and would text children at night: refused, saying why.
  if (quietHours.start > quietHours.end) {
    throw new DomainError(
      'INVALID_QUIET_HOURS',
      `quietHours is the window when texts may go out, in the student's time zone (e.g. start 08:00, end 21:00); ${quietHours.start}-${quietHours.end} would text students overnight. Give a start before the end.`,
      'invalid',
      { field: 'quietHours' },
    );
  }
  if (!isTimeZone(timeZone)) {
    throw new DomainError('INVALID_TIME_ZONE', `"${timeZone}" is not an IANA time zone.`, 'invalid');
  }
  const policy: DistrictSmsPolicy = {
    ...command.data,
    allowedLinkHosts: [
      ...new Set(command.data.allowedLinkHosts.map((h) => h.trim().toLowerCase()).filter(Boolean)),
    ].sort(),
  };
  // Setting the same policy again records nothing: the log shows changes, not clicks.
  if (state.policy && JSON.stringify(state.policy) === JSON.stringify(policy)) return [];
  return [{ type: 'DistrictSmsPolicySet', data: policy }];
}

/** The district stream's rules in the shape every stream kind has (see Decider). */
export const districtDecider: Decider<DistrictCommand, DistrictState, DistrictEvent> = {
  initialState: initialDistrictState,
  evolve: evolveDistrict,
  decide: decideDistrict,
};

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
