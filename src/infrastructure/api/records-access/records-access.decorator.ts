import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { RecordPart } from '../../../domain/access/record-access.events';
import { RecordsAccessInterceptor } from './records-access.interceptor';
import { RECORDS_ACCESS_KEY, type RecordsAccessSpec } from './records-access.metadata';

/**
 * Marks a route as a read of a student's record: RecordsAccessInterceptor writes the access record (who, role, when,
 * what, stated purpose) once the read is authorized, before the answer is sent. The interceptor is bound to these
 * routes only, so no other request pays for it.
 */
export const RecordsAccess = (part: RecordPart, options: Omit<RecordsAccessSpec, 'part'> = {}): MethodDecorator =>
  applyDecorators(
    SetMetadata(RECORDS_ACCESS_KEY, { part, ...options } satisfies RecordsAccessSpec),
    UseInterceptors(RecordsAccessInterceptor),
    // The ?purpose= twin of this header is added to the document by openapi-error-responses.ts where a DTO lacks it.
    ApiHeader({
      name: 'X-Access-Purpose',
      required: false,
      description: 'Why the record is read (one line), kept in the access record; or ?purpose=',
    }),
  );
