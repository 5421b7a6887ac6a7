import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';

/** The header a list that answers a bare array carries when it has a next page (its body shape stays as it was). */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

/** Sets X-Next-Cursor when there is a next page; no header: this was the last page (no list is cut off silently). */
export function setNextCursor(res: Response, nextCursor: string | null): void {
  if (nextCursor !== null) res.setHeader(NEXT_CURSOR_HEADER, nextCursor);
}

/** Documents the 200 answer of such a list, with its header. */
export const ApiPagedArrayResponse = (param: string, description: string): MethodDecorator =>
  ApiOkResponse({
    description,
    headers: { [NEXT_CURSOR_HEADER]: { description: `Present when there is a next page: pass it as ?${param}= to get it. Absent on the last page.`, schema: { type: 'string' } } },
  });
