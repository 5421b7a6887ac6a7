import { Query } from '@nestjs/cqrs';
import type { DistrictSmsPolicy } from '../../../domain/district/district.events';
import type { Actor } from '../../../domain/shared/actor';

/** The district's SMS policy as in force now, who set it and when, and the district stream's revision. */
export interface DistrictSmsPolicyView extends DistrictSmsPolicy {
  revision: string;
  setAt: string;
  setBy: { id: string; role: string; initials: string | null };
}

export class GetDistrictSmsPolicyQuery extends Query<DistrictSmsPolicyView> {
  constructor(
    readonly actor: Actor,
    readonly districtId: string,
  ) {
    super();
  }
}
