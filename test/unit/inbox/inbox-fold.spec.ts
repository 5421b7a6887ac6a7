import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import { decideMarkRead, flagsOf, previewOf, unreadOf } from '../../../src/domain/inbox/inbox-item';
import {
  foldInbox,
  keysOf,
  UNROUTED,
  type InboxFolded,
  type InboxRows,
} from '../../../src/projections/inbox/inbox.fold';

/** Given events (then rows): the inbox fold without a database. */
let position = 100n;
const ev = (type: string, data: object, stream = 'student-s1'): RecordedEvent => ({
  id: `id-${position}`,
  streamId: stream,
  revision: 0n,
  position: position++,
  type,
  data: { studentId: 's1', ...data },
  metadata: {
    actor: { id: 'x', role: 'system', districtId: 'd1' },
    correlationId: 'c',
    causationId: 'c',
    command: 'X',
    occurredAt: `2026-09-01T10:00:${String(Number(position % 60n)).padStart(2, '0')}.000Z`,
  },
  recordedAt: '2026-09-01T10:00:00.000Z',
});
const queued = (messageId: string, staffId = 't-bell', body = 'Hi Sarah, this is Mrs. Bell') =>
  ev('SmsQueued', {
    messageId,
    staffId,
    enrollmentId: 'e1',
    to: '+1',
    body,
    idempotencyKey: messageId,
    scheduledFor: null,
  });
const received = (messageId: string, staffId = 't-bell', extra: object = {}) =>
  ev('SmsReceived', {
    messageId,
    staffId,
    body: `reply ${messageId}`,
    channel: 'sms',
    providerMessageId: null,
    ...extra,
  });
const read = (userId: string, inboundCount: number, failedCount = 0, staffId: string | null = 't-bell') =>
  ev('InboxItemRead', { userId, staffId, inboundCount, failedCount }, `inbox-${userId}`);

const EMPTY: InboxRows = { items: [], seen: [] };
/** Folds in two steps, as two batches would: the rows the first wrote are what the second loads. */
const given = (...events: RecordedEvent[]) => ({
  then: (...more: RecordedEvent[]): InboxFolded => {
    const first = foldInbox(EMPTY, events);
    return foldInbox({ items: first.items, seen: first.seen }, more);
  },
});
const bell = (f: InboxFolded) => f.items.find((i) => i.staffId === 't-bell')!;

describe('inbox fold', () => {
  beforeEach(() => {
    position = 100n;
  });

  it('a thread shows its last message, its replies counted, newest position as its order', () => {
    const f = given(queued('m1')).then(received('r1'), received('r2'));
    expect(bell(f)).toMatchObject({
      lastMessageId: 'r2',
      lastDirection: 'inbound',
      lastStatus: 'received',
      preview: 'reply r2',
      inboundCount: 2,
      lastPosition: '102',
    });
    expect(f.changes.map((c) => [c.kind, c.messageId])).toEqual([
      ['reply', 'r1'],
      ['reply', 'r2'],
    ]);
  });

  it('a failure anywhere in the thread is counted, even of an older text, and status changes end with a final status', () => {
    const f = given(queued('m1'), queued('m2')).then(
      ev('SmsFailed', { messageId: 'm1', reason: 'invalid number', errorCode: '21211' }),
      ev('SmsDelivered', { messageId: 'm1', providerMessageId: 'p' }),
    );
    expect(bell(f)).toMatchObject({ lastMessageId: 'm2', lastStatus: 'queued', failedCount: 1, pendingIds: ['m2'] });
    expect(f.changes.map((c) => [c.kind, c.status, c.flag])).toEqual([['status', 'failed', 'failed_text']]);
  });

  it('unread and flags are per reader: what each has marked read', () => {
    const history = [
      queued('m1'),
      received('r1', 't-bell', { mayBeForAnotherStaffMember: true }),
      ev('OptOutRequestFlagged', { messageId: 'r1', staffId: 't-bell', phrase: 'stop texting me' }),
    ];
    const item = bell(foldInbox(EMPTY, history));
    const f = given(...history).then(read('t-bell', 1));
    expect(flagsOf(item, false, null)).toEqual(['likely_opt_out_request', 'may_be_for_another_staff_member']);
    expect(unreadOf(item, null)).toBe(1);
    const seen = f.seen.find((s) => s.userId === 't-bell')!;
    expect(seen).toMatchObject({ staffId: 't-bell', inboundCount: 1 });
    expect(flagsOf(item, false, seen)).toEqual([]);
    expect(unreadOf(item, seen)).toBe(0);
    expect(f.changes).toEqual([expect.objectContaining({ kind: 'read', userId: 't-bell' })]);
  });

  it('reads keep the larger counters, in any order and when delivered twice', () => {
    const f = given(queued('m1'), received('r1'), received('r2')).then(read('adm', 2), read('adm', 1), read('adm', 2));
    expect(f.seen).toEqual([
      { userId: 'adm', districtId: 'd1', studentId: 's1', staffId: 't-bell', inboundCount: 2, failedCount: 0 },
    ]);
  });

  it('a text before any thread is an unrouted item of the student, flagged for whoever teaches them', () => {
    const f = given().then(
      ev('InboundSmsUnrouted', {
        messageId: 'u1',
        body: 'hi is this my teacher?',
        reason: 'no_thread',
        providerMessageId: null,
      }),
    );
    const item = f.items.find((i) => i.staffId === UNROUTED)!;
    expect(item).toMatchObject({ inboundCount: 1, preview: 'hi is this my teacher?' });
    expect(flagsOf(item, true, null)).toEqual(['unrouted_first_text']);
    expect(flagsOf(item, true, { inboundCount: 1, failedCount: 0 })).toEqual([]);
  });

  it('a moved reply lands in the new thread with the text the old one showed', () => {
    const f = given(queued('m1', 't-ruiz'), received('r1', 't-ruiz')).then(
      ev('InboundSmsMoved', { messageId: 'r1', fromStaffId: 't-ruiz', toStaffId: 't-bell', reason: null }),
    );
    expect(bell(f)).toMatchObject({ lastMessageId: 'r1', preview: 'reply r1', inboundCount: 1 });
  });

  it('names the keys a batch must load, and ignores events that are not its own', () => {
    expect(keysOf([queued('m1'), read('u1', 1), ev('NoteAdded', { noteId: 'n' }, 'student-s9')])).toEqual({
      students: [{ districtId: 'd1', studentId: 's1' }],
      seen: [{ userId: 'u1', districtId: 'd1', studentId: 's1', staffId: 't-bell' }],
    });
    expect(foldInbox(EMPTY, [ev('NoteAdded', { noteId: 'n' })])).toEqual({ items: [], seen: [], changes: [] });
  });

  it('marking read records only what the reader had not seen', () => {
    const item = { inboundCount: 2, failedCount: 1, optOutAt: 0, otherAt: 0 };
    expect(decideMarkRead('u', { studentId: 's1', staffId: null }, item, { inboundCount: 2, failedCount: 1 })).toEqual(
      [],
    );
    expect(decideMarkRead('u', { studentId: 's1', staffId: null }, item, { inboundCount: 2, failedCount: 0 })).toEqual([
      { type: 'InboxItemRead', data: { userId: 'u', studentId: 's1', staffId: null, inboundCount: 2, failedCount: 1 } },
    ]);
  });

  it('a preview is one line of at most 80 characters, never half an emoji', () => {
    expect(previewOf('Hi\n\nSarah  ')).toBe('Hi Sarah');
    const long = previewOf(`${'a'.repeat(78)}😀😀😀`);
    expect([...long]).toHaveLength(80);
    expect(long.endsWith('a😀…')).toBe(true);
  });
});
