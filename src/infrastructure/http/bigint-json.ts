import type { INestApplication } from '@nestjs/common';

/**
 * Event-store revisions and positions are bigint, which JSON.stringify rejects. Serialize them as decimal strings
 * (JSON numbers would lose precision past 2^53) in HTTP responses only, via Express's "json replacer" setting,
 * instead of patching BigInt.prototype for the whole process.
 */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function installBigIntJson(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as { set(setting: string, value: unknown): void };
  express.set('json replacer', bigintReplacer);
}
