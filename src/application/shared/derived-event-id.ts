import { createHash } from 'node:crypto';

/** This service's namespace for name-based event ids (a random UUID, fixed forever: changing it changes every id). */
const NAMESPACE = '3f0c9a52-6c1e-4d7b-9a8e-5b2f1d4c7e60';

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of namespace + name): the same parts always give the same id. For
 * events whose repeat must be recognised as the same event, e.g. when a request is retried (see AccessRecorder).
 */
export function derivedEventId(parts: readonly unknown[]): string {
  return uuidV5(NAMESPACE, JSON.stringify(parts));
}

export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
