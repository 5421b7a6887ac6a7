/**
 * Safe rewrites: for each violation a suggestion the sender can act on, and the whole text rewritten
 * so that it passes the guard. The full name becomes the first name; a grade becomes "check your grade
 * in the portal"; a link becomes "see the portal"; a login secret, an address, a birth date or a
 * picture link is taken out or pointed to the portal. Phrases follow the language of the sentence
 * they land in. The rewrite is checked again (a replacement can join words into something new); after
 * three rounds a short safe text in the text's language stands in, so the result always passes.
 * Pure: no clock, no I/O.
 */
import { checkContent } from './check-content';
import type {
  ContentCategory,
  ContentContext,
  ContentLanguage,
  ContentSubject,
  ContentVerdict,
  ContentViolation,
} from './content-policy.types';
import { languageAt, sentenceLanguages, textLanguage } from './language.util';
import { foldSameLength, isCapitalized, nameParts, tokenize } from './text-scan.util';

export interface ViolationSuggestion extends ContentViolation {
  /** What to do, in a sentence ("Use just the first name: \"Tyler\"."). */
  suggestion: string;
  /** What the rewrite puts in place of the span ("" when it is taken out). */
  replacement: string;
}

export interface ContentRewrite {
  language: ContentLanguage;
  /** The text with every violation replaced; passes checkContent with the same subject and context. */
  text: string;
  suggestions: ViolationSuggestion[];
}

type Lang = 'en' | 'es';

const PHRASES: Record<Exclude<ContentCategory, 'full_name' | 'birth_date'>, Record<Lang, string>> = {
  grade: { en: 'check your grade in the portal', es: 'revisa tu calificación en el portal' },
  credentials: { en: 'login info (see the portal)', es: 'datos de acceso (ver el portal)' },
  address: { en: 'the address on file', es: 'la dirección registrada' },
  link: { en: 'see the portal', es: 'ver el portal' },
  media: { en: 'see the portal', es: 'ver el portal' },
};
const FALLBACK: Record<Lang, string> = {
  en: 'Please check the portal for an update.',
  es: 'Por favor revisa el portal para ver la información.',
};
const ROUNDS = 3;

export function suggestRewrite(
  text: string,
  verdict: ContentVerdict,
  subject: ContentSubject | null,
  context: ContentContext,
): ContentRewrite {
  const sentences = sentenceLanguages(text, tokenize(text));
  const language = textLanguage(sentences);
  const suggestions = verdict.violations.map((v) => suggestionFor(text, v, languageAt(sentences, v.start), subject));
  let current = apply(text, suggestions);
  for (let round = 1; round < ROUNDS && !checkContent(current, subject, context).allowed; round++) {
    const again = checkContent(current, subject, context);
    const lines = sentenceLanguages(current, tokenize(current));
    current = apply(
      current,
      again.violations.map((v) => suggestionFor(current, v, languageAt(lines, v.start), subject)),
    );
  }
  if (!checkContent(current, subject, context).allowed) current = FALLBACK[language === 'es' ? 'es' : 'en'];
  return { language, text: current, suggestions };
}

function suggestionFor(
  text: string,
  v: ContentViolation,
  lang: Lang,
  subject: ContentSubject | null,
): ViolationSuggestion {
  const span = text.slice(v.start, v.end);
  switch (v.category) {
    case 'full_name': {
      const first = firstNameIn(span, subject);
      return {
        ...v,
        replacement: first,
        suggestion: first ? `Use just the first name: "${first}".` : 'Leave the last name out.',
      };
    }
    case 'birth_date':
      return { ...v, replacement: '', suggestion: 'Take the birth date out.' };
    case 'media':
      if (v.start === v.end)
        return { ...v, replacement: '', suggestion: 'Remove the attachment: texts to students carry no pictures.' };
      return {
        ...v,
        replacement: PHRASES.media[lang],
        suggestion: `Remove the picture link; write "${PHRASES.media[lang]}".`,
      };
    default: {
      const phrase = PHRASES[v.category][lang];
      const verb =
        v.category === 'grade'
          ? 'Replace the grade with'
          : v.category === 'link'
            ? 'Replace the link with'
            : v.category === 'address'
              ? 'Replace the address with'
              : 'Replace the login details with';
      return { ...v, replacement: phrase, suggestion: `${verb} "${phrase}".` };
    }
  }
}

/**
 * The first name to keep from a full-name span: the student's own first (or preferred) name when the
 * span holds it, glued or spaced ("S a r a h J o n e s"); otherwise the span's first word when it is a
 * capitalised given name ("Tyler Brooks" -> "Tyler"); otherwise nothing (a last name on its own).
 */
function firstNameIn(span: string, subject: ContentSubject | null): string {
  const letters = foldSameLength(span).replace(/[^a-z]/g, '');
  const lastParts = new Set(nameParts(subject?.lastName));
  for (const name of [subject?.preferredName, subject?.firstName]) {
    const glued = nameParts(name).join('');
    if (name && glued.length > 0 && (letters.startsWith(glued) || letters.endsWith(glued))) return name.trim();
  }
  const first = tokenize(span)[0];
  return first && first.norm.length >= 2 && isCapitalized(first.raw) && !lastParts.has(first.norm) ? first.raw : '';
}

/** Replace spans in one pass; overlapping spans merge into the widest one's replacement. */
function apply(text: string, suggestions: readonly ViolationSuggestion[]): string {
  const spans = suggestions.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ start: number; end: number; replacement: string; width: number }> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      if (s.end - s.start > last.width) Object.assign(last, { replacement: s.replacement, width: s.end - s.start });
      last.end = Math.max(last.end, s.end);
    } else merged.push({ start: s.start, end: s.end, replacement: s.replacement, width: s.end - s.start });
  }
  const parts: string[] = [];
  let at = 0;
  for (const m of merged) {
    parts.push(text.slice(at, m.start), m.replacement);
    at = m.end;
  }
  parts.push(text.slice(at));
  return tidy(parts.join(''));
}

/** Spaces left by a removed span: "Happy birthday  !" -> "Happy birthday!". */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([,.!?;:])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .trim();
}

/** The verdict as the preview route and the CLI give it: when blocked, each violation's suggestion and the safe rewrite. */
export interface ContentPreview extends ContentVerdict {
  violations: Array<ContentViolation & { suggestion?: string }>;
  language?: ContentLanguage;
  suggestedRewrite?: string;
}

export function previewContent(
  text: string,
  subject: ContentSubject | null,
  context: ContentContext,
  mediaUrls: readonly string[] = [],
): ContentPreview {
  const verdict = checkContent(text, subject, context, mediaUrls);
  if (verdict.allowed) return verdict;
  const rewrite = suggestRewrite(text, verdict, subject, context);
  return {
    allowed: false,
    violations: rewrite.suggestions.map(({ replacement: _unused, ...v }) => v),
    language: rewrite.language,
    suggestedRewrite: rewrite.text,
  };
}
