/** Who did something. Every event carries one; `initials` is the staff sign-off used in notes ("A.Bell"). */
export const ROLES = ['teacher', 'registrar', 'school_admin', 'compliance', 'analytics', 'sis', 'student', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  districtId: string;
  /** Staff sign-off for notes, e.g. "A.Bell". */
  initials?: string;
  /** Display name (staff only), used to let the guard accept the sender's own name. */
  name?: string;
}

/** Roles that may change a student's contact details (the school, never a teacher). */
export const CONTACT_EDITOR_ROLES: readonly Role[] = ['registrar', 'school_admin'];

/** Machine clients that synchronize rosters in bulk (they get their own, larger API budget). */
export const SYNC_ROLES: readonly Role[] = ['sis'];
