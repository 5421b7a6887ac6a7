import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetDistrictSmsPolicyQuery } from '../../../application/districts/get-district-sms-policy/get-district-sms-policy.query';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { DistrictSmsPolicyResponseDto, DistrictPolicyResponseDto } from './district-policy-responses.dto';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { SetDistrictSmsPolicyCommand } from '../../../application/districts/set-district-sms-policy/set-district-sms-policy.command';
import { Envelope } from '../command-envelope.decorator';
import { DistrictSmsPolicyDto } from './district-policy.dto';
import { ParseIdPipe } from '../parse-id.pipe';

@ApiTags('districts')
@ApiBearerAuth()
@Controller('v1/districts')
export class DistrictsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':districtId/sms-policy')
  @ApiOperation({
    summary:
      "The district's SMS policy in force: texting allowed, time zone, the window texts may go out in, allowed link hosts, keyword answers; who set it and when (staff of the district)",
  })
  @ApiOkResponse({ type: DistrictSmsPolicyResponseDto })
  getPolicy(@Param('districtId', ParseIdPipe) districtId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetDistrictSmsPolicyQuery(actor, districtId));
  }

  @Put(':districtId/sms-policy')
  @ApiOperation({
    summary: 'Set whether the district allows texting students, its quiet hours, time zone and allowed link hosts',
  })
  @ApiOkResponse({ type: DistrictPolicyResponseDto })
  async setPolicy(
    @Param('districtId', ParseIdPipe) districtId: string,
    @Body() dto: DistrictSmsPolicyDto,
    @Envelope() env: CommandEnvelope,
  ) {
    const { keywordReplies, ...rest } = dto;
    const replies = keywordReplies
      ? {
          keywordReplies: {
            ...keywordReplies,
            schoolName: keywordReplies.schoolName ?? null,
            helpPhone: keywordReplies.helpPhone ?? null,
          },
        }
      : {};
    const out = await this.commands.execute(
      new SetDistrictSmsPolicyCommand(
        {
          districtId,
          ...rest,
          quietHours: { ...dto.quietHours },
          allowedLinkHosts: [...dto.allowedLinkHosts],
          ...replies,
        },
        env,
      ),
    );
    return { districtId, changed: out.recorded > 0, revision: out.revision };
  }
}
