import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideDistrict } from '../../domain/district/district.decide';
import { districtStreamId, type DistrictEvent } from '../../domain/district/district.events';
import { evolveDistrict, initialDistrictState } from '../../domain/district/district.state';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import type { CommandOutcome } from '../shared/command-envelope';
import { StudentCommandRunner } from '../shared/student-command-runner';
import { asDomainEvent, toEventData } from '../shared/to-event-data';
import { SetDistrictSmsPolicyCommand } from './set-district-sms-policy.command';

@CommandHandler(SetDistrictSmsPolicyCommand)
export class SetDistrictSmsPolicyHandler implements ICommandHandler<SetDistrictSmsPolicyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly students: StudentCommandRunner,
  ) {}

  async execute({ policy, env }: SetDistrictSmsPolicyCommand): Promise<CommandOutcome> {
    const streamId = districtStreamId(policy.districtId);
    const history = await this.store.readStream(streamId);
    const state = history.reduce((s, e) => evolveDistrict(s, asDomainEvent<DistrictEvent>(e)), initialDistrictState());
    const revision = history.length ? history[history.length - 1]!.revision : null;
    const events = decideDistrict({ type: 'SetDistrictSmsPolicy', data: policy }, state, env.actor);
    if (events.length === 0) return { revision, recorded: 0, result: undefined };
    const expected = env.expectedRevision ?? revision ?? 'no_stream';
    const appended = await this.store.append(streamId, toEventData(events, 'SetDistrictSmsPolicy', env, this.clock.now(), this.ids), expected);
    this.students.districtPolicyChanged(policy.districtId);
    return { revision: appended.nextExpectedRevision, recorded: events.length, result: undefined };
  }
}
