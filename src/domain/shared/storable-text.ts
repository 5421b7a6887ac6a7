import { DomainError } from './domain-error';

/**
 * Text PostgreSQL can store: no NUL (U+0000; text columns and jsonb refuse it) and no unpaired UTF-16 surrogate
 * (it has no UTF-8 form). JSON can carry both ("\u0000", "\ud800"), so every input is checked before it is recorded:
 * one such character in one event would otherwise stop the projections for every district.
 */
export type UnstorableReason = 'nul' | 'unpaired_surrogate';

export interface UnstorableText {
  /** Dotted path of the string (or object key) that holds it, e.g. "listedContacts.0.name"; "" for the value itself. */
  field: string;
  reason: UnstorableReason;
}

const MAX_DEPTH = 64;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units: no u flag). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNPAIRED_SURROGATES = new RegExp(UNPAIRED_SURROGATE.source, 'g');

export function unstorableReason(text: string): UnstorableReason | null {
  if (text.includes('\u0000')) return 'nul';
  return UNPAIRED_SURROGATE.test(text) ? 'unpaired_surrogate' : null;
}

/** The first string or key in a JSON-like value that cannot be stored, with its path; null when all can. */
export function findUnstorableText(value: unknown, path = '', depth = 0): UnstorableText | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason ? { field: path, reason } : null;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const at = path === '' ? key : `${path}.${key}`;
    const keyReason = unstorableReason(key);
    if (keyReason) return { field: at, reason: keyReason };
    const found = findUnstorableText(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}

export const unstorableMessage = (found: UnstorableText, where = ''): string =>
  `The field "${where}${found.field || '(value)'}" contains ${found.reason === 'nul' ? 'a NUL character (U+0000)' : 'an unpaired UTF-16 surrogate'}, which cannot be recorded; remove it and try again.`;

/** Refuses a value holding unstorable text with INVALID_TEXT naming the field (the guard for inputs from any side). */
export function requireStorableText(value: unknown, where = ''): void {
  const found = findUnstorableText(value);
  if (found)
    throw new DomainError('INVALID_TEXT', unstorableMessage(found, where), 'invalid', {
      field: `${where}${found.field}`,
      reason: found.reason,
    });
}

/**
 * For text we must keep although it is malformed (a provider will not resend it changed): each NUL and unpaired
 * surrogate becomes U+FFFD, and `repaired` says so, so the record can show it was changed on arrival.
 */
export function repairText(text: string): { text: string; repaired: boolean } {
  if (unstorableReason(text) === null) return { text, repaired: false };
  return { text: text.replace(UNPAIRED_SURROGATES, '\uFFFD').replaceAll('\u0000', '\uFFFD'), repaired: true };
}
