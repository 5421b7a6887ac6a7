import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../domain/shared/actor';
import { DomainError } from '../../../domain/shared/domain-error';
import { normalizePhoneNumber } from '../../../domain/shared/phone-number';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { SmsSimulatorGateway } from '../../sms/simulator/sms-simulator.gateway';
import { SimulatedInvalidNumberDto, SimulatedReplyDto, SimulatedReplyResponseDto } from './sms-simulator.dto';
import { ENROLLMENT_ROLES, hasRole } from '../../../domain/shared/role-groups';

/** Developer controls of the local phone-network simulator (only mounted when SMS_GATEWAY=simulator). */
@ApiTags('dev: SMS simulator')
@ApiBearerAuth()
@Controller('v1/dev/sms-simulator')
export class SmsSimulatorController {
  constructor(private readonly simulator: SmsSimulatorGateway) {}

  @Post('replies')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Play a student's text from their phone, to one of our numbers (`to`; default: the number of our latest text to them)",
  })
  @ApiAcceptedResponse({ type: SimulatedReplyResponseDto })
  async reply(@Body() dto: SimulatedReplyDto, @CurrentActor() actor: Actor) {
    allowDev(actor);
    return this.simulator.reply(
      normalizePhoneNumber(dto.from),
      dto.body,
      dto.to === undefined ? null : normalizePhoneNumber(dto.to),
    );
  }

  @Post('invalid-numbers')
  @HttpCode(204)
  @ApiOperation({ summary: 'Make the simulator fail texts to this number, as a carrier would for an invalid number' })
  @ApiNoContentResponse({ description: 'Texts to it fail from now on' })
  invalid(@Body() dto: SimulatedInvalidNumberDto, @CurrentActor() actor: Actor): void {
    allowDev(actor);
    this.simulator.markInvalid(normalizePhoneNumber(dto.number));
  }
}

function allowDev(actor: Actor): void {
  if (!hasRole(actor, ENROLLMENT_ROLES)) {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      'Only school staff who manage the service can drive the SMS simulator.',
      'forbidden',
    );
  }
}
