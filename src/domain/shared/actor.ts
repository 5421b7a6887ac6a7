/** Who did something. Every event carries one; `initials` is the staff sign-off used in notes ("A.Bell"). */
export const ROLES = [
  'teacher',
  'registrar',
  'school_admin',
  'compliance',
  'analytics',
  'sis',
  'student',
  'system',
] as const;
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

/**
 * The staff sign-off on what they record ("A.Bell", as in the seed's "... 8/13/19 - A.Bell"): the initials, else the
 * display name, else the id. One definition for the opt-out note, the log and the record snapshot.
 */
export const signOff = (actor: Pick<Actor, 'id' | 'initials' | 'name'>): string =>
  actor.initials ?? actor.name ?? actor.id;
