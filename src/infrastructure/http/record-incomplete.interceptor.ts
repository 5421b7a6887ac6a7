import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, map, mergeMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../../projections/runner/read-model-data-source';
import type { ApiReply, ApiRequest } from './http-request';
import { ID_PATTERN } from '../../domain/shared/identifier';

/** Names the read models of this student that stopped at an event they could not apply (README: Operations). */
export const RECORD_INCOMPLETE_HEADER = 'X-Record-Incomplete';

/**
 * On every read of one student (`GET /v1/students/:id/...`, the student's own `GET /v1/me/...`), says in a header
 * which of the student's read models are incomplete: a projection isolated one of the student's events, and holds
 * the later ones until an operator retries them. The reader then knows the view stops short, instead of taking it
 * for the whole record.
 */
@Injectable()
export class RecordIncompleteInterceptor implements NestInterceptor {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest & { params?: Record<string, string> }>();
    const path = req.url;
    const studentId =
      req.method !== 'GET'
        ? undefined
        : path.startsWith('/v1/students/')
          ? req.params?.id
          : path.startsWith('/v1/me/') && req.actor?.role === 'student'
            ? req.actor.id
            : undefined;
    // Not an id at all: the route refuses it (400); nothing to look up, and such text must never reach a query.
    if (!studentId || !ID_PATTERN.test(studentId)) return next.handle();
    const res = context.switchToHttp().getResponse<ApiReply>();
    // Looked up once the read has succeeded (it authorized the reader), before its answer is written.
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.db.query('SELECT DISTINCT projection FROM projection_incomplete WHERE student_id = $1 ORDER BY 1', [
            studentId,
          ]) as Promise<{ projection: string }[]>,
        ).pipe(
          map((rows) => {
            if (rows.length > 0) void res.header(RECORD_INCOMPLETE_HEADER, rows.map((r) => r.projection).join(', '));
            return result;
          }),
        ),
      ),
    );
  }
}
