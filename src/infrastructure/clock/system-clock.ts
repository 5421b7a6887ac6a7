import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../application/ports/clock.port';

export const systemClock: Clock = { now: () => new Date() };
export const uuidGenerator: IdGenerator = { next: () => randomUUID() };
