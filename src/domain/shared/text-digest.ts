/**
 * A 64-bit digest of a text (two independent 32-bit multiply-xorshift lanes over its UTF-16 code units, in the manner
 * of cyrb53), as 16 hex digits. Pure and deterministic: for remembering "was it the same text?" in a folded state
 * without keeping the text. Not a cryptographic hash: it is never used to prove anything, only to tell a client that
 * it reused an idempotency key for a different text (two different texts collide with a chance of about 2^-64).
 */
export function textDigest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
