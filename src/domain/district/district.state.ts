import type { DistrictEvent, DistrictSmsPolicy } from './district.events';

export type DistrictState = { policy: DistrictSmsPolicy | null };

export const initialDistrictState = (): DistrictState => ({ policy: null });

export function evolveDistrict(state: DistrictState, event: DistrictEvent): DistrictState {
  switch (event.type) {
    case 'DistrictSmsPolicySet':
      return { policy: event.data };
    default:
      return state;
  }
}

/** Defaults for a district that has never set a policy: texting off until the district turns it on. */
export const DEFAULT_QUIET_HOURS = { start: '08:00', end: '21:00' } as const;
