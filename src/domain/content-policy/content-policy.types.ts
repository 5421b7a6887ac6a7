/**
 * Types of the content guard: what a text to a student may not carry (the school's texting guidance:
 * no user names or passwords, no first and last name together, no birth dates, addresses, pictures,
 * links to personal information, or grades).
 */
import type { FoundLink } from './link-scan.util';
import type { Token } from './text-scan.util';

/** The languages the guard reads; a text with sentences in both is 'mixed'. */
export type ContentLanguage = 'en' | 'es' | 'mixed';

export type ContentCategory = 'full_name' | 'credentials' | 'birth_date' | 'address' | 'grade' | 'link' | 'media';

export const CONTENT_CATEGORIES: readonly ContentCategory[] = [
  'full_name',
  'credentials',
  'birth_date',
  'address',
  'grade',
  'link',
  'media',
];

/** What the service knows of the student the text is about; every field is optional except the names. */
export interface ContentSubject {
  firstName: string;
  lastName: string;
  preferredName?: string | null;
  /** YYYY-MM-DD. */
  dateOfBirth?: string | null;
  address?: string | null;
  username?: string | null;
}

/** What the district and the sender contribute: the sites texts may link to, and the sender's own name(s). */
export interface ContentContext {
  allowedLinkHosts: readonly string[];
  /** The sender's own name(s), allowed in texts ("Amy Bell", "Mrs. Bell"). */
  senderNames?: readonly string[];
}

export interface ContentViolation {
  category: ContentCategory;
  start: number;
  /** Exclusive, UTF-16 index into the text. */
  end: number;
  /** A human sentence the sender can act on. */
  message: string;
}

export interface ContentVerdict {
  allowed: boolean;
  violations: ContentViolation[];
}

/** What every detector receives: the text once tokenised, plus subject and context. Internal to the domain. */
export interface DetectorInput {
  text: string;
  /** The text lowercased and without accents, index for index (see foldSameLength). */
  folded: string;
  tokens: readonly Token[];
  /** The text's links, found once for the link and media detectors. */
  links: readonly FoundLink[];
  subject: ContentSubject | null;
  context: ContentContext;
  /** Folded word parts of the sender's own names (titles dropped), which are always allowed. */
  senderParts: ReadonlySet<string>;
}

export type Detector = (input: DetectorInput) => ContentViolation[];
