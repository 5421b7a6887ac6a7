/** Shared fixtures for the content guard's unit tests. */
import {
  type ContentCategory,
  type ContentContext,
  type ContentSubject,
  checkContent,
} from '../../../src/domain/content-policy';

export const SARAH: ContentSubject = {
  firstName: 'Sarah',
  lastName: 'Jones',
  preferredName: null,
  dateOfBirth: '2009-04-17',
  address: '123 Maple Avenue, Springfield, IL 62704',
  username: 'sjones09',
};

export const CONTEXT: ContentContext = { allowedLinkHosts: ['school.org'], senderNames: ['Amy Bell', 'Mrs. Bell'] };

export interface Found {
  category: ContentCategory;
  match: string;
  start: number;
  end: number;
}

/** Violations as (category, matched text, position), for readable expectations. */
export function found(
  text: string,
  subject: ContentSubject | null = SARAH,
  context: ContentContext = CONTEXT,
  media?: string[],
): Found[] {
  return checkContent(text, subject, context, media).violations.map((v) => ({
    category: v.category,
    match: text.slice(v.start, v.end),
    start: v.start,
    end: v.end,
  }));
}

/** Only the (category, matched text) pairs. */
export function hits(
  text: string,
  subject: ContentSubject | null = SARAH,
  context: ContentContext = CONTEXT,
  media?: string[],
): Array<[ContentCategory, string]> {
  return found(text, subject, context, media).map((f) => [f.category, f.match]);
}
