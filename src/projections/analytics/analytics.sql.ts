/**
 * A reply belongs to the latest text: this order, ties broken by id (byte order) so that every way of applying the log
 * picks the same row. The writer loads by it; the fold (analytics.fold.ts) compares the texts it adds the same way.
 */
export const LAST_TEXT_ORDER = `at DESC, contact_id COLLATE "C" DESC`;
