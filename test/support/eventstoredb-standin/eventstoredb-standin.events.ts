import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '../../../src/application/ports/event-store.port';

/** A port event for the adapter tests on the stand-in: fresh id, fixed metadata. */
export const standInEvent = (data: unknown = { n: 1 }): EventToAppend => ({
  id: randomUUID(),
  type: 'StandInTested',
  data,
  metadata: {
    actor: { id: 'a-1', role: 'teacher', districtId: 'd-1' },
    correlationId: 'c',
    causationId: 'c',
    command: 'Test',
    occurredAt: '2024-01-01T00:00:00.000Z',
  },
});
