import { RECORD_READERS } from '../../../domain/shared/role-groups';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { districtStreamId, type DistrictEvent } from '../../../domain/district/district.events';
import { evolveDistrict, initialDistrictState } from '../../../domain/district/district.state';
import type { Role } from '../../../domain/shared/actor';
import { DomainError } from '../../../domain/shared/domain-error';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import { asDomainEvent } from '../../shared/to-event-data';
import { GetDistrictSmsPolicyQuery, type DistrictSmsPolicyView } from './get-district-sms-policy.query';

/** Staff of the district: those who text, run the school or review the record. Not students, sync or analytics clients. */
const POLICY_READERS: readonly Role[] = RECORD_READERS;

/**
 * GET /v1/districts/{id}/sms-policy. Read from the district's stream, not a cache or read model: the answer is the
 * policy the next text will be judged by (within the one-second cache of another replica, README, Limits).
 */
@QueryHandler(GetDistrictSmsPolicyQuery)
export class GetDistrictSmsPolicyHandler implements IQueryHandler<GetDistrictSmsPolicyQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, districtId }: GetDistrictSmsPolicyQuery): Promise<DistrictSmsPolicyView> {
    if (!POLICY_READERS.includes(actor.role))
      throw new DomainError(
        'FORBIDDEN_ROLE',
        `Your role (${actor.role}) cannot read a district's SMS policy.`,
        'forbidden',
      );
    if (actor.districtId !== districtId)
      throw new DomainError('FORBIDDEN_DISTRICT', "This is another district's policy.", 'forbidden');
    const events = await this.store.readStream(districtStreamId(districtId));
    const state = events.reduce((s, e) => evolveDistrict(s, asDomainEvent<DistrictEvent>(e)), initialDistrictState());
    const last = events[events.length - 1];
    if (!state.policy || !last) {
      throw new DomainError(
        'SMS_POLICY_NOT_SET',
        'This district has not set an SMS policy yet: texting students is off until a school admin sets one.',
        'not_found',
      );
    }
    const by = last.metadata.actor;
    return {
      ...state.policy,
      revision: last.revision.toString(),
      setAt: last.metadata.occurredAt,
      setBy: { id: by.id, role: by.role, initials: by.initials ?? null },
    };
  }
}
