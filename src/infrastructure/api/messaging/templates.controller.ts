import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { TemplateLibraryService } from '../../../application/messaging/templates/template-library.service';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Envelope } from '../command-envelope.decorator';
import { ParseIdPipe } from '../parse-id.pipe';
import {
  CreateTemplateDto,
  RetiredTemplateDto,
  SaveTemplateDto,
  SavedTemplateDto,
  TemplateDto,
  TemplateListDto,
  toTemplateDto,
} from './templates.dto';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly library: TemplateLibraryService) {}

  @Get()
  @ApiOperation({
    summary:
      "The district's template library (starting with the seed's suggested texts) and, for a teacher, their own templates",
  })
  @ApiOkResponse({ type: TemplateListDto })
  async list(@CurrentActor() actor: Actor): Promise<TemplateListDto> {
    return { templates: (await this.library.list(actor)).map(toTemplateDto) };
  }

  @Get(':templateId')
  @ApiOperation({ summary: 'One template of your library' })
  @ApiOkResponse({ type: TemplateDto })
  async get(@Param('templateId', ParseIdPipe) templateId: string, @CurrentActor() actor: Actor): Promise<TemplateDto> {
    return toTemplateDto(await this.library.get(actor, templateId));
  }

  @Post()
  @ApiOperation({
    summary:
      'Add a template: to the district library (school admin) or your own (teacher). Checked by the content guard with sample values.',
  })
  @ApiCreatedResponse({ type: SavedTemplateDto })
  async create(@Body() dto: CreateTemplateDto, @Envelope() env: CommandEnvelope): Promise<SavedTemplateDto> {
    const scope = dto.scope ?? (env.actor.role === 'teacher' ? 'teacher' : 'district');
    const { template, changed } = await this.library.save(env, null, scope, {
      title: dto.title,
      purpose: dto.purpose,
      body: dto.body,
    });
    return { ...toTemplateDto(template), changed };
  }

  @Put(':templateId')
  @ApiOperation({
    summary: 'Change a template (district library: school admin; your own: you). Checked by the content guard again.',
  })
  @ApiOkResponse({ type: SavedTemplateDto })
  async update(
    @Param('templateId', ParseIdPipe) templateId: string,
    @Body() dto: SaveTemplateDto,
    @Envelope() env: CommandEnvelope,
  ): Promise<SavedTemplateDto> {
    const { template, changed } = await this.library.save(env, templateId, null, {
      title: dto.title,
      purpose: dto.purpose,
      body: dto.body,
    });
    return { ...toTemplateDto(template), changed };
  }

  @Delete(':templateId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a template: it leaves the library, its history stays in the record' })
  @ApiOkResponse({ type: RetiredTemplateDto })
  async retire(
    @Param('templateId', ParseIdPipe) templateId: string,
    @Envelope() env: CommandEnvelope,
  ): Promise<RetiredTemplateDto> {
    const { changed } = await this.library.retire(env, templateId);
    return { templateId, retired: true, changed };
  }
}
