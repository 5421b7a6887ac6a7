import { derivedEventId, uuidV5 } from '../../../src/application/shared/derived-event-id';
import { AccessRecorder } from '../../../src/application/records-access/access-recorder';
import { scopedAccessStreamId } from '../../../src/domain/student/student-stream';
import { InMemoryEventStore } from '../../../src/infrastructure/event-store/in-memory/in-memory-event-store';

const clock = { now: () => new Date('2026-09-01T10:00:00.000Z') };
const env = (correlationId: string, actorId = 't-1') => ({
  actor: { id: actorId, role: 'teacher' as const, districtId: 'd-1' },
  correlationId,
});

describe('derived event ids', () => {
  it('are RFC 9562 version 5 UUIDs (the RFC test vector: DNS namespace, "www.example.com")', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('are the same for the same parts and differ when any part differs', () => {
    expect(derivedEventId(['a', 1, { x: null }])).toBe(derivedEventId(['a', 1, { x: null }]));
    expect(derivedEventId(['a', 1])).not.toBe(derivedEventId(['a', 2]));
    expect(derivedEventId(['ab', 'c'])).not.toBe(derivedEventId(['a', 'bc']));
  });
});

describe('AccessRecorder: one access record per request, however often it is retried', () => {
  const read = (correlationId: string, actorId?: string) => ({
    env: env(correlationId, actorId),
    studentId: 's-1',
    part: 'threads' as const,
    purpose: 'check',
    channel: 'api' as const,
  });

  it('records a retried request (same correlation id, actor and read) once; other requests each get their own', async () => {
    const store = new InMemoryEventStore();
    const recorder = new AccessRecorder(store, clock);
    await recorder.accessed(read('req-1'));
    await recorder.accessed(read('req-1')); // the same request again
    await recorder.accessed(read('req-2'));
    await recorder.accessed(read('req-1', 't-2')); // another person reusing the correlation id
    await recorder.accessed({ ...read('req-1'), part: 'log' });
    await recorder.refused({
      env: env('req-1'),
      studentId: 's-1',
      part: 'threads',
      channel: 'api',
      reason: 'not enrolled',
    });
    const recorded = await store.readStream(scopedAccessStreamId({ districtId: 'd-1', studentId: 's-1' }));
    expect(recorded).toHaveLength(5);
    expect(new Set(recorded.map((e) => e.id)).size).toBe(5);
    expect(recorded.map((e) => [e.metadata.correlationId, e.metadata.actor.id, e.type])).toEqual([
      ['req-1', 't-1', 'StudentRecordAccessed'],
      ['req-2', 't-1', 'StudentRecordAccessed'],
      ['req-1', 't-2', 'StudentRecordAccessed'],
      ['req-1', 't-1', 'StudentRecordAccessed'],
      ['req-1', 't-1', 'StudentRecordAccessRefused'],
    ]);
  });
});
