import { DomainError } from '../../domain/shared/domain-error';

/**
 * Opaque cursors for keyset pages: the sort key of the last row of a page, as base64url JSON of strings. A client
 * passes it back unchanged; anything else is 400 INVALID_CURSOR (it could only select rows the caller may read
 * anyway: every query adds its own authorization, a cursor only says where to start).
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, parts: number): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== parts || !key.every((k) => typeof k === 'string' && k.length <= 300)) {
    throw new DomainError(
      'INVALID_CURSOR',
      'This cursor was not given by this list: pass the nextCursor of the previous page unchanged.',
      'invalid',
    );
  }
  return key as string[];
}

/** A page of `limit` rows from `limit + 1` read: the next cursor exists exactly when there was one more row. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly string[],
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** What each part of a typed key must look like: PostgreSQL's own text of a date or an instant, or any text. */
const KEY_PART: Record<'date' | 'timestamptz' | 'text', RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  timestamptz: /^(-?infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})$/,
  text: /^[\s\S]*$/,
};

/** decodeCursor for a key of these types, each part checked before it reaches SQL (a cast could fail there). */
export function decodeTypedCursor(
  cursor: string | undefined,
  types: readonly (keyof typeof KEY_PART)[],
): string[] | null {
  const key = decodeCursor(cursor, types.length);
  if (key && !key.every((part, i) => KEY_PART[types[i]!].test(part)))
    throw new DomainError(
      'INVALID_CURSOR',
      'This cursor was not given by this list: pass the nextCursor of the previous page unchanged.',
      'invalid',
    );
  return key;
}
