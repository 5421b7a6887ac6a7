/** The console's calls to the API (see ./client.ts): one object for the screens, grouped by capability in files. */
import { compliance } from './compliance';
import { inbox } from './inbox';
import { records } from './records';
import { texting } from './texting';

export { ApiError, newIdempotencyKey, type Page } from './client';
export type { InboxEvent, LiveState } from './inbox';
export * from './types';

export const api = { ...texting, ...inbox, ...records, ...compliance };
