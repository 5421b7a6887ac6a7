import type { Actor, Role } from './actor';

/**
 * The role groups the rules speak of, defined once and used by the domain's decisions, the HTTP guards (@Roles) and
 * the controllers. Tuples, so `@Roles(...RECORD_EDITORS)` type-checks as a non-empty list.
 */

/** The school office: keeps the student's record (contact details, the record itself) and acts for any student of its district. */
export const RECORD_EDITORS = ['registrar', 'school_admin'] as const satisfies readonly Role[];

/** Staff who serve students: their teachers and the school office. */
export const STAFF_ROLES = ['teacher', ...RECORD_EDITORS] as const satisfies readonly Role[];

/** Everyone who reads student records for the school: staff and compliance (what each sees is narrowed per read). */
export const RECORD_READERS = [...STAFF_ROLES, 'compliance'] as const satisfies readonly Role[];

/** District-wide readers who do not teach: the school office and compliance (e.g. the unmatched inbox). */
export const DISTRICT_OFFICE = [...RECORD_EDITORS, 'compliance'] as const satisfies readonly Role[];

/** Who keeps registrations and enrollments: the SIS sync and the school office. */
export const ENROLLMENT_ROLES = ['sis', ...RECORD_EDITORS] as const satisfies readonly Role[];

/** Machine clients that synchronize rosters in bulk (they get their own, larger API budget). */
export const SYNC_ROLES = ['sis'] as const satisfies readonly Role[];

export const hasRole = (actor: Pick<Actor, 'role'>, group: readonly Role[]): boolean => group.includes(actor.role);
