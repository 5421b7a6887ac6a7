import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { AccessRecorder } from '../../../application/records-access/access-recorder';
import type { CommandEnvelope } from '../../../application/shared/command-envelope';
import { normalizePurpose } from '../../../domain/access/access-purpose';
import type { RecordPart } from '../../../domain/access/record-access.events';
import { DomainError } from '../../../domain/shared/domain-error';
import { RECORDS_ACCESS_KEY, type AccessRequest, type RecordsAccessSpec } from './records-access.metadata';
import { ID_PATTERN } from '../../../domain/shared/identifier';

export const PURPOSE_HEADER = 'x-access-purpose';

/** Refusals that happen after the student was found: someone looked where they may not. Worth recording. */
const RECORDED_REFUSALS = new Set([
  'FORBIDDEN_DISTRICT',
  'FORBIDDEN_STUDENT',
  'NOT_TEACHER_OF_STUDENT',
  'FORBIDDEN_THREAD',
]);

/** The stated purpose, from the X-Access-Purpose header or ?purpose= (validated: one bounded line). */
export function purposeOf(req: AccessRequest): string | null {
  return normalizePurpose(req.headers[PURPOSE_HEADER] ?? req.query?.purpose);
}

/** Records a refused read when it is one worth a compliance look; never hides the refusal itself. */
export async function recordRefusal(
  recorder: AccessRecorder,
  env: CommandEnvelope,
  studentId: string | undefined,
  part: RecordPart,
  error: unknown,
): Promise<void> {
  if (
    !(error instanceof DomainError) ||
    !RECORDED_REFUSALS.has(error.code) ||
    !studentId ||
    !ID_PATTERN.test(studentId)
  )
    return;
  await recorder.refused({ env, studentId, part, reason: error.code, channel: 'api' }).catch(() => undefined);
}

/**
 * Writes the FERPA access record for routes marked @RecordsAccess. The query handler authorizes; only an authorized
 * read is recorded, and it is recorded BEFORE the answer leaves: if the record cannot be written, the read fails.
 */
@Injectable()
export class RecordsAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: AccessRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<RecordsAccessSpec | undefined>(RECORDS_ACCESS_KEY, context.getHandler());
    if (!spec || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AccessRequest>();
    const actor = req.actor;
    if (!actor) return next.handle();
    let purpose: string | null;
    try {
      purpose = purposeOf(req);
    } catch (error) {
      return throwError(() => error);
    }
    const studentId = spec.student === 'self' ? actor.id : req.params[spec.student?.param ?? 'id'];
    const env: CommandEnvelope = { actor, correlationId: req.correlationId ?? 'none' };
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        if (studentId)
          await this.recorder.accessed({
            env,
            studentId,
            part: spec.part,
            purpose,
            detail: spec.detail?.(req, result) ?? {},
            channel: 'api',
          });
        return result;
      }),
      catchError((error: unknown) =>
        from(recordRefusal(this.recorder, env, studentId, spec.part, error)).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}
