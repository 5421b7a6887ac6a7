import { Controller, Get, Header, Param, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryJsonQuery,
  ListRecordAccessQuery,
} from '../../../application/compliance/compliance.queries';
import { VerifyCommunicationLogQuery } from '../../../application/compliance/log-verification.queries';
import { ExportStudentRecordQuery } from '../../../application/compliance/record-export.queries';
import { AccessRecorder } from '../../../application/records-access/access-recorder';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { requirePurpose } from '../../../domain/access/access-purpose';
import type { Actor } from '../../../domain/shared/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { Envelope } from '../command-envelope.decorator';
import { AccessQueryDto, ExportQueryDto, HistoryQueryDto, PurposeQueryDto } from './compliance.dto';
import { AccessPageDto, ApiHistoryResponse, ApiLogVerificationResponse } from './compliance-responses.dto';
import { ParseIdPipe } from '../parse-id.pipe';
import { RecordsAccess } from '../records-access/records-access.decorator';
import type { AccessRequest } from '../records-access/records-access.metadata';
import { purposeOf, recordRefusal } from '../records-access/records-access.interceptor';
import { exportWriter } from './export-writers';
import { streamExport } from './export-response';
import { RECORD_EDITORS } from '../../../domain/shared/role-groups';
import type { ApiReply } from '../../http/http-request';
import { jsonAnswer, streamedJsonAnswer } from '../../http/json-answer';

/**
 * For records officers: replay a student's history (or the record as of a moment), prove the log untouched, see who
 * read the record, and export it for a records request. Every one of these reads is itself recorded.
 */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('v1/compliance/students/:id')
export class ComplianceController {
  constructor(
    private readonly queries: QueryBus,
    private readonly recorder: AccessRecorder,
  ) {}

  @Get('history')
  @Roles('compliance', 'school_admin')
  @Header('Cache-Control', 'no-store')
  @RecordsAccess('history', { detail: (req) => ({ asOf: str(req.query.asOf), after: str(req.query.after) }) })
  @ApiOperation({
    summary:
      'Every event of the student in order with actor, time and causation; with ?asOf= the record as it stood then',
  })
  @ApiHistoryResponse()
  async history(
    @Param('id', ParseIdPipe) id: string,
    @Query() q: HistoryQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: ApiReply,
  ): Promise<StreamableFile> {
    // The record as of a moment has no bigint: serialised without the app's replacer.
    if (q.asOf)
      return jsonAnswer(
        JSON.stringify(await this.queries.execute(new GetRecordAsOfQuery(actor, id, new Date(q.asOf)))),
      );
    // The history page is composed by the event store and streamed as it is read (never parsed here).
    const page = { limit: q.limit ?? 1000, ...(q.after ? { afterRevision: BigInt(q.after) } : {}) };
    return streamedJsonAnswer(await this.queries.execute(new GetStudentHistoryJsonQuery(actor, id, page)), res.raw);
  }

  @Get('log/verify')
  @Roles('compliance', 'school_admin')
  @Header('Cache-Control', 'no-store')
  @RecordsAccess('log_verification')
  @ApiOperation({
    summary:
      "Recompute the log's hash chain from the event store and from the table; name the first entry that differs",
  })
  @ApiLogVerificationResponse()
  verify(@Param('id', ParseIdPipe) id: string, @Query() _q: PurposeQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new VerifyCommunicationLogQuery(actor, id));
  }

  @Get('access')
  @Roles('compliance', 'school_admin')
  @Header('Cache-Control', 'no-store')
  @RecordsAccess('access')
  @ApiOperation({ summary: "The access record: who read the student's record, when, what, and the stated purpose" })
  @ApiOkResponse({ type: AccessPageDto })
  access(@Param('id', ParseIdPipe) id: string, @Query() q: AccessQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(
      new ListRecordAccessQuery(actor, id, {
        limit: q.limit ?? 1000,
        ...(q.after ? { afterRevision: BigInt(q.after) } : {}),
      }),
    );
  }

  @Get('export')
  @Roles('compliance', ...RECORD_EDITORS)
  @ApiProduces('application/x-ndjson', 'text/csv', 'text/html')
  @ApiHeader({
    name: 'X-Access-Purpose',
    required: false,
    description: 'The purpose of the disclosure, if not given as ?purpose=',
  })
  @ApiOkResponse({
    description: 'The record as a download (Content-Disposition: attachment), in the ?format= asked for',
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="student-{id}-record.{jsonl|csv|html}"',
        schema: { type: 'string' },
      },
    },
    content: {
      'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line' } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiOperation({
    summary:
      'The complete record as JSON Lines, CSV or a printable HTML page, streamed; needs a purpose and is recorded as a disclosure',
  })
  async export(
    @Param('id', ParseIdPipe) id: string,
    @Query() q: ExportQueryDto,
    @Envelope() env: CommandEnvelope,
    @Req() req: AccessRequest,
    @Res() res: ApiReply,
  ): Promise<void> {
    const purpose = requirePurpose(purposeOf(req), 'a records export');
    const format = q.format ?? 'jsonl';
    const out = await this.queries
      .execute(new ExportStudentRecordQuery(env.actor, id, { purpose, format, correlationId: env.correlationId }))
      .catch(async (error: unknown) => {
        await recordRefusal(this.recorder, env, id, 'export', error);
        throw error;
      });
    // Recorded before the first byte leaves: no disclosure without its record.
    await this.recorder.accessed({ env, studentId: id, part: 'export', purpose, detail: { format }, channel: 'api' });
    await streamExport(res, out, exportWriter(format));
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
