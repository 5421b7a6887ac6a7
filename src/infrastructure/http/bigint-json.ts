import type { FastifyInstance } from 'fastify';

/**
 * Event-store revisions and positions are bigint, which JSON.stringify rejects. Serialize them as decimal strings
 * (JSON numbers would lose precision past 2^53) in HTTP responses only, as Fastify's reply serializer, instead of
 * patching BigInt.prototype for the whole process.
 */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function installBigIntJson(fastify: FastifyInstance): void {
  fastify.setReplySerializer((payload) => JSON.stringify(payload, bigintReplacer));
}
