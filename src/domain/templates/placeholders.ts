import { DomainError } from '../shared/domain-error';

/**
 * What a class text or template may fill in for each student: the seed's "Okay to Text" column (just first name,
 * class taking, your name). Nothing else a student's record holds can be a placeholder.
 */
export const PLACEHOLDERS = ['firstName', 'className', 'teacherName'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

/** What a template is checked with when it is saved (a made-up student, class and teacher). */
export const SAMPLE_VALUES: PlaceholderValues = { firstName: 'Sarah', className: 'Biology', teacherName: 'Mrs. Bell' };
export const SAMPLE_SUBJECT = {
  firstName: 'Sarah',
  lastName: 'Jones',
  preferredName: null,
  dateOfBirth: '2009-04-17',
  address: '12 Oak Ave',
  username: 'sjones09',
};

const BRACED = /\{([^{}]*)\}/g;

/** The placeholders a text uses, refusing any other `{...}` with the list of allowed ones. */
export function requireKnownPlaceholders(body: string): Placeholder[] {
  const used = new Set<Placeholder>();
  const unknown: string[] = [];
  for (const [, name] of body.matchAll(BRACED)) {
    if ((PLACEHOLDERS as readonly string[]).includes(name!)) used.add(name as Placeholder);
    else unknown.push(`{${name}}`);
  }
  if (unknown.length > 0) {
    throw new DomainError(
      'UNKNOWN_PLACEHOLDER',
      `Only {firstName}, {className} and {teacherName} can be filled in (the seed's "okay to text" list); remove ${[...new Set(unknown)].join(', ')}.`,
      'invalid',
      { unknown: [...new Set(unknown)], allowed: PLACEHOLDERS.map((p) => `{${p}}`) },
    );
  }
  return [...used];
}

/** The text one student receives. Values are inserted once (a value that itself looks like `{x}` stays as it is). */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(BRACED, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}
