/**
 * The look-ups' orders, ties broken by id (byte order) so that every way of applying the log picks the same row:
 * a reply belongs to the latest text; a call without enrollment to the enrollment that ended last (a running one
 * first), then started last. The writer loads by them; the fold (analytics.fold.ts) compares the rows it adds the same way.
 */
export const LAST_TEXT_ORDER = `at DESC, contact_id COLLATE "C" DESC`;
export const CALL_ENROLLMENT_ORDER = `ended_on DESC NULLS FIRST, started_on DESC, enrollment_id COLLATE "C" DESC`;
