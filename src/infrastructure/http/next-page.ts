import { ApiOkResponse } from '@nestjs/swagger';
import type { ApiReply } from './http-request';

/** The header a list that answers a bare array carries when it has a next page (its body shape stays as it was). */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

/** Sets X-Next-Cursor when there is a next page; no header: this was the last page (no list is cut off silently). */
export function setNextCursor(res: ApiReply, nextCursor: string | null): void {
  if (nextCursor !== null) void res.header(NEXT_CURSOR_HEADER, nextCursor);
}

/** The documented X-Next-Cursor header of a paged answer, naming the query parameter it is passed back as. */
export const nextCursorHeader = (param: string) => ({
  [NEXT_CURSOR_HEADER]: {
    description: `Present when there is a next page: pass it as ?${param}= to get it. Absent on the last page.`,
    schema: { type: 'string' },
  },
});

/** Documents the 200 answer of such a list: an array of `type`, with its header. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ApiPagedArrayResponse = (param: string, description: string, type: Function): MethodDecorator =>
  ApiOkResponse({ description, type: [type], headers: nextCursorHeader(param) });
