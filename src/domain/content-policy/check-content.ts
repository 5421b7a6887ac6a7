/**
 * The content guard's entry: runs every detector over a text meant for a student and returns every
 * violation, sorted by position. Pure and deterministic: no clock, no I/O; the only state kept between
 * calls is bounded memos of work that depends on the subject or the context alone (see memo.util), which
 * never changes a verdict.
 * Every pattern is linear-time (tokens and bounded windows, no nested quantifiers), so the whole
 * text is always scanned; a long text costs proportionally more, never explosively more.
 */
import { detectAddress } from './address.detector';
import { detectBirthDate } from './birth-date.detector';
import {
  CONTENT_CATEGORIES,
  type ContentContext,
  type ContentSubject,
  type ContentVerdict,
  type ContentViolation,
  type Detector,
  type DetectorInput,
} from './content-policy.types';
import { detectCredentials } from './credentials.detector';
import { detectFullName } from './full-name.detector';
import { detectGrade } from './grade.detector';
import { detectLink } from './link.detector';
import { findLinks } from './link-scan.util';
import { detectMedia } from './media.detector';
import { BoundedMemo, keyOf } from './memo.util';
import { foldSameLength, nameParts, tokenize } from './text-scan.util';
import { TITLES } from './word-lists.data';

const DETECTORS: readonly Detector[] = [
  detectFullName,
  detectCredentials,
  detectBirthDate,
  detectAddress,
  detectGrade,
  detectLink,
];

/**
 * @param mediaUrls attachments the message would carry. Any attachment is a `media` violation
 *   (one per attachment, zero-width at position 0: it is not part of the text).
 */
export function checkContent(
  text: string,
  subject: ContentSubject | null,
  context: ContentContext,
  mediaUrls?: readonly string[],
): ContentVerdict {
  const input: DetectorInput = {
    text,
    folded: foldSameLength(text),
    tokens: tokenize(text),
    links: findLinks(text),
    subject,
    context,
    senderParts: senderPartsOf(context.senderNames ?? []),
  };
  const found = [...DETECTORS.flatMap((detect) => detect(input)), ...detectMedia(input, mediaUrls ?? [])];
  const violations = withoutNested(found);
  return { allowed: violations.length === 0, violations };
}

/** Senders are few (the staff of a district) and their names rarely change: see BoundedMemo. */
const senderPartsMemo = new BoundedMemo<ReadonlySet<string>>(1000);

function senderPartsOf(senderNames: readonly string[]): ReadonlySet<string> {
  return senderPartsMemo.get(
    keyOf(...senderNames),
    () => new Set(senderNames.flatMap(nameParts).filter((p) => !TITLES.has(p))),
  );
}

/** Sorted by start (then end, then category); a span inside another of the same category is dropped. */
function withoutNested(found: readonly ContentViolation[]): ContentViolation[] {
  const order = (v: ContentViolation): number => CONTENT_CATEGORIES.indexOf(v.category);
  const byReach = [...found].sort((a, b) => a.start - b.start || b.end - a.end || order(a) - order(b));
  const kept: ContentViolation[] = [];
  const reach = new Map<string, number>();
  for (const v of byReach) {
    const furthest = reach.get(v.category) ?? -1;
    // Zero-width spans (attachments) are never nested in anything.
    if (v.end > v.start && v.end <= furthest) continue;
    reach.set(v.category, Math.max(furthest, v.end));
    kept.push(v);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || order(a) - order(b));
}
