/** The records officer's reads (history, as of, access record, verification, export) and the analytics views. */
import { client, unwrap } from './client';
import type { AccessEntry, HistoryEvent, RecordSnapshot, Verification } from './types';

export const compliance = {
  /** The whole history, page by page, up to `max` events; `complete` false when it stopped there. */
  history: async (id: string, purpose?: string, max = 20_000) => {
    const events: HistoryEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = unwrap(
        await client.GET('/v1/compliance/students/{id}/history', {
          params: { path: { id }, query: { purpose, limit: 5000, ...(after ? { after } : {}) } },
        }),
      ) as { events: HistoryEvent[]; nextAfter: string | null };
      events.push(...page.events);
      if (!page.nextAfter) return { events, complete: true };
      if (events.length >= max) return { events, complete: false };
      after = page.nextAfter;
    }
  },
  asOf: async (id: string, asOf: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/history', { params: { path: { id }, query: { asOf, purpose } } }),
    ) as unknown as RecordSnapshot,
  access: async (id: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/access', { params: { path: { id }, query: { purpose } } }),
    ) as { entries: AccessEntry[]; nextAfter: string | null },
  verify: async (id: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/log/verify', { params: { path: { id }, query: { purpose } } }),
    ) as Verification,
  exportRecord: async (id: string, format: 'csv' | 'jsonl' | 'html', purpose: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/export', {
        params: { path: { id }, query: { format, purpose } },
        parseAs: 'text',
      }),
    ) as string,
  analytics: async (view: Parameters<typeof analyticsView>[0]) =>
    unwrap(await analyticsView(view)) as Record<string, unknown>[],
};

function analyticsView(
  view:
    | 'messages-per-week'
    | 'delivery'
    | 'reply-rate'
    | 'opt-out-rate'
    | 'unwelcomed-students'
    | 'uncontacted-falling-behind',
) {
  return client.GET('/v1/analytics/{view}', { params: { path: { view } } });
}
