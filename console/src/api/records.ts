/** The Communication Log with Add Communications and corrections, Edit Information, no-texting requests. */
import type { components } from '../../../client';
import { client, path, unwrap } from './client';
import type { CallInput, LogEntry } from './types';

export const records = {
  /** The whole log, page by page (1,000 entries a page), up to `max` entries; `complete` false when it stopped there. */
  log: async (id: string, max = 10_000) => {
    const entries: LogEntry[] = [];
    for (;;) {
      const after = entries.at(-1)?.streamRevision;
      const page = unwrap(
        await client.GET('/v1/students/{id}/log', {
          params: { path: { id }, query: { limit: 1000, ...(after ? { after } : {}) } },
        }),
      ) as LogEntry[];
      entries.push(...page);
      if (page.length < 1000) return { entries, complete: true };
      if (entries.length >= max) return { entries, complete: false };
    }
  },
  addNote: async (id: string, body: string) =>
    unwrap(await client.POST('/v1/students/{id}/notes', { params: path(id), body: { body } })),
  logCall: async (id: string, input: CallInput) =>
    unwrap(await client.POST('/v1/students/{id}/calls', { params: path(id), body: input })),
  amendNote: async (id: string, noteId: string, body: string, reason: string) =>
    unwrap(
      await client.POST('/v1/students/{id}/notes/{noteId}/amendments', {
        params: { path: { id, noteId } },
        body: { body, reason },
      }),
    ),
  enteredInError: async (id: string, kind: 'notes' | 'calls', entryId: string, reason: string) =>
    unwrap(
      kind === 'notes'
        ? await client.POST('/v1/students/{id}/notes/{entryId}/entered-in-error', {
            params: { path: { id, entryId } },
            body: { reason },
          })
        : await client.POST('/v1/students/{id}/calls/{entryId}/entered-in-error', {
            params: { path: { id, entryId } },
            body: { reason },
          }),
    ),
  updateContact: async (id: string, change: { smsNumber?: string | null; reason?: string }, etag: string | null) =>
    unwrap(
      await client.PATCH('/v1/students/{id}/contact', {
        params: { path: { id }, header: etag ? { 'If-Match': etag } : {} },
        body: change as components['schemas']['UpdateContactDto'],
      }),
    ),
  optOut: async (id: string, requestedBy: 'student' | 'parent' | 'guardian') =>
    unwrap(await client.POST('/v1/students/{id}/opt-out', { params: path(id), body: { requestedBy } })) as {
      note: string | null;
      changed: boolean;
    },
};
