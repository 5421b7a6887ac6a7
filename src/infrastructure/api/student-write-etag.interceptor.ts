import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { ApiReply } from '../http/http-request';
import { etag } from './command-envelope.decorator';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every write to one student (`/v1/students/:id/...`) answers the student stream's revision after it as the ETag, in
 * one place, so a client can chain writes with If-Match whichever route it called. The answer's `revision` is that
 * revision; a route that set the header itself (or a repeat that wrote nothing and knows no revision) is left as is.
 */
@Injectable()
export class StudentWriteEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<{ method: string; url: string; params?: Record<string, string> }>();
    if (!WRITES.has(req.method) || !req.url.startsWith('/v1/students/') || !req.params?.id) return next.handle();
    const res = context.switchToHttp().getResponse<ApiReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        const revision = (result as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'bigint' && res.getHeader('ETag') === undefined)
          void res.header('ETag', etag(revision)!);
        return result;
      }),
    );
  }
}
