import type { Actor } from '../../../domain/shared/actor';
import type { CommandEnvelope } from '../../shared/command-envelope';

/** The service itself acting (dispatcher, provider webhooks), for the district it acts in. */
export const systemActor = (source: string, districtId: string): Actor => ({
  id: `system:${source}`,
  role: 'system',
  districtId,
  initials: 'auto',
});

export const systemEnvelope = (
  source: string,
  districtId: string,
  correlationId: string,
  causationId?: string,
): CommandEnvelope => ({
  actor: systemActor(source, districtId),
  correlationId,
  ...(causationId ? { causationId } : {}),
});
