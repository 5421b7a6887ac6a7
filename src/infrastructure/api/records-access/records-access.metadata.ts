import type { AccessDetail, RecordPart } from '../../../domain/access/record-access.events';
import type { ApiRequest } from '../../http/http-request';

export type AccessRequest = ApiRequest & { params: Record<string, string | undefined>; query: Record<string, unknown> };

export interface RecordsAccessSpec {
  part: RecordPart;
  /** Whose record: a route parameter (default "id"), or the caller's own (the student portal). */
  student?: { param: string } | 'self';
  /** What exactly was read, from the request and the answer: ids, counts, formats; never personal data. */
  detail?: (req: AccessRequest, result: unknown) => AccessDetail;
}

export const RECORDS_ACCESS_KEY = 'records:access';
