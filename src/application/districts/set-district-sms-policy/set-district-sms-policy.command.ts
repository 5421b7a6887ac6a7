import { Command } from '@nestjs/cqrs';
import type { DistrictSmsPolicy } from '../../../domain/district/district.events';
import type { CommandEnvelope, CommandOutcome } from '../../shared/command-envelope';

export class SetDistrictSmsPolicyCommand extends Command<CommandOutcome> {
  constructor(
    readonly policy: DistrictSmsPolicy,
    readonly env: CommandEnvelope,
  ) {
    super();
  }
}
