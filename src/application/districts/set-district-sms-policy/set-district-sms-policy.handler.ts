import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { districtDecider, type DistrictCommand } from '../../../domain/district/district.decide';
import { districtStreamId, type DistrictEvent } from '../../../domain/district/district.events';
import type { DistrictState } from '../../../domain/district/district.state';
import type { DecisionContext } from '../../../domain/shared/decider';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port';
import type { CommandOutcome } from '../../shared/command-envelope';
import { StreamCommandRunner, type StreamRunnerDeps } from '../../shared/stream-command-runner';
import { StudentCommandRunner } from '../../shared/student-command-runner';
import { SetDistrictSmsPolicyCommand } from './set-district-sms-policy.command';

export type DistrictCommandRunner = StreamCommandRunner<DistrictCommand, DistrictState, DistrictEvent, DecisionContext>;

/** The district's policy stream run by the generic runner: two admins (or replicas) saving at once are retried there. */
export const districtCommandRunner = (deps: StreamRunnerDeps): DistrictCommandRunner =>
  new StreamCommandRunner({ decider: districtDecider, cacheCapacity: 1000 }, deps);

@CommandHandler(SetDistrictSmsPolicyCommand)
export class SetDistrictSmsPolicyHandler implements ICommandHandler<SetDistrictSmsPolicyCommand> {
  private readonly runner: DistrictCommandRunner;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    private readonly students: StudentCommandRunner,
  ) {
    this.runner = districtCommandRunner({ store, clock, ids });
  }

  async execute({ policy, env }: SetDistrictSmsPolicyCommand): Promise<CommandOutcome> {
    const r = await this.runner.run(
      districtStreamId(policy.districtId),
      { type: 'SetDistrictSmsPolicy', data: policy },
      env,
    );
    if (r.events.length > 0) this.students.districtPolicyChanged(policy.districtId);
    return { revision: r.revision, recorded: r.events.length, result: undefined };
  }
}
