import type { ContentSubject } from '../content-policy';
import type { StudentState } from './student.state';

/**
 * Whom a text must not identify: the student as on record now, and then as they were named before each name
 * correction. A corrected last name may be a former name the community still knows (a family's name change), and
 * a typo blocked a little longer costs nothing; so "Sarah Jones" stays blocked after Jones is corrected to Jonas.
 * The student's other data (date of birth, address, username) is the current one in every subject.
 */
export function contentSubjects(state: StudentState): ContentSubject[] {
  const p = state.profile;
  if (!p) return [];
  const rest = { dateOfBirth: p.dateOfBirth, address: p.address, username: p.username };
  const current: ContentSubject = {
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName,
    ...rest,
  };
  return [current, ...state.formerNames.map((n) => ({ ...n, ...rest }))];
}

/** The first verdict that blocks (the current names are checked first), else the current one. */
export function strictestVerdict<V extends { allowed: boolean }>(
  subjects: readonly (ContentSubject | null)[],
  check: (subject: ContentSubject | null) => V,
): V {
  const [first = null, ...others] = subjects.length > 0 ? subjects : [null];
  const verdict = check(first);
  if (!verdict.allowed) return verdict;
  for (const subject of others) {
    const other = check(subject);
    if (!other.allowed) return other;
  }
  return verdict;
}
