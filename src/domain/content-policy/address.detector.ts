/**
 * address: the student's own street ("123 Maple Avenue" written as "123 maple ave", or "Maple Ave"
 * without the number) and any street address ("450 Center Street", "4581 N Oak St"), P.O. boxes and
 * "ST 12345" state + ZIP. "Unit 3", "Room 204" and "Chapter 12" are course talk, never addresses.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { type Token, allMatches, isCapitalized, joinedBy, quote, tokenize, wordTable } from './text-scan.util';
import { BoundedMemo } from './memo.util';

const SUFFIX: Record<string, string> = {
  street: 'street',
  st: 'street',
  avenue: 'avenue',
  ave: 'avenue',
  av: 'avenue',
  road: 'road',
  rd: 'road',
  drive: 'drive',
  dr: 'drive',
  lane: 'lane',
  ln: 'lane',
  boulevard: 'boulevard',
  blvd: 'boulevard',
  court: 'court',
  ct: 'court',
  place: 'place',
  pl: 'place',
  circle: 'circle',
  cir: 'circle',
  terrace: 'terrace',
  ter: 'terrace',
  way: 'way',
  highway: 'highway',
  hwy: 'highway',
  parkway: 'parkway',
  pkwy: 'parkway',
  trail: 'trail',
  trl: 'trail',
  pike: 'pike',
  alley: 'alley',
  crescent: 'crescent',
  loop: 'loop',
  cove: 'cove',
  path: 'path',
  expressway: 'expressway',
  freeway: 'freeway',
};
/** Abbreviations only ever written in addresses, so a lowercase "123 main st" still counts. */
const ABBREVIATED = new Set([
  'st',
  'ave',
  'av',
  'rd',
  'dr',
  'ln',
  'blvd',
  'ct',
  'pl',
  'cir',
  'ter',
  'hwy',
  'pkwy',
  'trl',
]);
const DIRECTION: Record<string, string> = {
  n: 'north',
  north: 'north',
  s: 'south',
  south: 'south',
  e: 'east',
  east: 'east',
  w: 'west',
  west: 'west',
  ne: 'northeast',
  nw: 'northwest',
  se: 'southeast',
  sw: 'southwest',
};
/** A number after these words is a course position or a count, not a house number. */
const COURSE_WORDS = new Set(
  'unit units chapter chapters lesson lessons module modules grade period room week weeks day days page pages pg p question questions problem problems section part level step quiz test exam number no version class block activity assignment assignments video slide exercise item lab'.split(
    ' ',
  ),
);
const STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  ),
);
const PO_BOX = /\bP\.?\s?O\.?\s{0,2}Box\s{0,2}#?\s{0,2}\d{1,6}\b/gi;
/** Spanish forms on the folded text: "Apartado Postal 45", "C.P. 78501", "código postal 78501". */
const SPANISH_POSTAL =
  /\b(?:(?:apartado postal|apdo\.?)\s{0,2}#?\s{0,2}\d{1,6}|(?:c\.\s?p\.|codigo postal)\s{0,2}\d{5})\b/g;
/** Street words that come before the name in Spanish: "Calle Olmo 123", "Av. Juárez #45", "Avenida 5 de Mayo 230". */
const SPANISH_STREET = new Set(
  'calle avenida av avda camino carretera callejon privada calzada paseo boulevard bulevar blvd cerrada prolongacion circuito andador'.split(
    ' ',
  ),
);
const SPANISH_NAME_JOINERS = new Set('de del la las los el y'.split(' '));
const STATE_ZIP = /\b([A-Z]{2}),?\s{1,2}\d{5}(?:-\d{4})?(?!\d)/g;

type Span = { start: number; end: number; own: boolean };

export function detectAddress(input: DetectorInput): ContentViolation[] {
  const spans = [...ownStreet(input), ...anyStreet(input), ...spanishStreet(input)];
  for (const m of allMatches(SPANISH_POSTAL, input.folded))
    spans.push({ start: m.index, end: m.index + m[0].length, own: false });
  for (const m of allMatches(PO_BOX, input.text))
    spans.push({ start: m.index, end: m.index + m[0].length, own: false });
  for (const m of allMatches(STATE_ZIP, input.text)) {
    if (STATES.has(m[1]!)) spans.push({ start: m.index, end: m.index + m[0].length, own: false });
  }
  return spans.map((s) => ({
    category: 'address',
    start: s.start,
    end: s.end,
    message: `Address: ${quote(input.text, s.start, s.end)} ${s.own ? "is the student's home address" : 'looks like a street address'}. Don't text addresses.`,
  }));
}

const suffixOf = wordTable(SUFFIX);
const directionOf = wordTable(DIRECTION);
const canon = (norm: string): string => suffixOf(norm) ?? directionOf(norm) ?? norm;

/** The student's street: number, optional direction, name words, optional suffix; or name + suffix alone. */
function ownStreet(input: DetectorInput): Span[] {
  const address = input.subject?.address ?? '';
  const street = streetMemo.get(address, () => parseStreet(address));
  if (!street) return [];
  const { text, tokens } = input;
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const withNumber = street.number !== null && tokens[i]!.norm === street.number;
    let j = withNumber ? i + 1 : i;
    if (withNumber && j < tokens.length && DIRECTION[tokens[j]!.norm] && joinedBy(text, tokens[j - 1]!, tokens[j]!))
      j++;
    let k = 0;
    while (k < street.core.length && j + k < tokens.length && canon(tokens[j + k]!.norm) === street.core[k]) {
      if (j + k > i && !joinedBy(text, tokens[j + k - 1]!, tokens[j + k]!)) break;
      k++;
    }
    if (k < street.core.length) continue;
    let end = j + k - 1;
    const next = tokens[end + 1];
    const hasSuffix =
      street.suffix !== null &&
      next !== undefined &&
      canon(next.norm) === street.suffix &&
      joinedBy(text, tokens[end]!, next);
    if (hasSuffix) end++;
    if (withNumber || hasSuffix) out.push({ start: tokens[i]!.start, end: tokens[end]!.end, own: true });
  }
  return out;
}

type Street = { number: string | null; core: string[]; suffix: string | null };

/** One parse per distinct address (the student's, the same on every text); see BoundedMemo. */
const streetMemo = new BoundedMemo<Street | null>(2000);

function parseStreet(address: string | null | undefined): Street | null {
  const line = address?.split(/[,\n]/)[0] ?? '';
  const parts = tokenize(line).map((t) => t.norm);
  const number = parts[0] !== undefined && /^\d/.test(parts[0]) ? parts.shift()! : null;
  const stop = parts.findIndex((p) => ['apt', 'apartment', 'unit', 'suite', 'ste'].includes(p));
  const words = stop >= 0 ? parts.slice(0, stop) : parts;
  const last = words[words.length - 1];
  const suffix = last !== undefined && SUFFIX[last] && words.length > 1 ? SUFFIX[last]! : null;
  const core = (suffix ? words.slice(0, -1) : words)
    .map(canon)
    .filter((w) => !Object.values(DIRECTION).includes(w) || words.length <= 2);
  return core.length ? { number, core, suffix } : null;
}

/** Any "<number> [direction] <Name words> <suffix>", up to four name words. */
function anyStreet(input: DetectorInput): Span[] {
  const { text, tokens } = input;
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const num = tokens[i]!;
    if (!/^\d{1,6}[a-z]?$/.test(num.norm) || !houseNumberPosition(text, tokens, i)) continue;
    let names = 0;
    let lower = true;
    for (let j = i + 1; j < tokens.length && j <= i + 5; j++) {
      const t = tokens[j]!;
      if (!/^\s{1,2}$|^\.\s$/.test(text.slice(tokens[j - 1]!.end, t.start))) break;
      if (SUFFIX[t.norm] && names > 0 && (!lower || ABBREVIATED.has(t.norm)) && (isCapitalized(t.raw) || lower)) {
        out.push({ start: num.start, end: t.end, own: false });
        break;
      }
      const ordinal = /^\d{1,3}(?:st|nd|rd|th)$/.test(t.norm);
      if (!ordinal && !/^\p{L}+$/u.test(t.raw)) break;
      if (!DIRECTION[t.norm]) names++;
      if (isCapitalized(t.raw) || ordinal) lower = false;
      else if (t.raw !== t.raw.toLowerCase()) break;
    }
  }
  return out;
}

function houseNumberPosition(text: string, tokens: readonly Token[], i: number): boolean {
  const before = text.charAt(tokens[i]!.start - 1);
  if (/[:$#/.,\-+%]/.test(before)) return false;
  const prev: Token | undefined = tokens[i - 1];
  return !(prev && COURSE_WORDS.has(prev.norm) && tokens[i]!.start - prev.end <= 2);
}

/**
 * A Spanish street address: a street word, up to five name words (capitalised words, joiners "de la",
 * or numbers as in "5 de Mayo"), then the house number, bare or after "#", "No." or "número".
 */
function spanishStreet(input: DetectorInput): Span[] {
  const { text, tokens } = input;
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!SPANISH_STREET.has(tokens[i]!.norm)) continue;
    let names = 0;
    for (let j = i + 1; j < tokens.length && j <= i + 7; j++) {
      const t = tokens[j]!;
      const gap = text.slice(tokens[j - 1]!.end, t.start);
      if (
        !/^\.?\s{1,2}(?:#\s?)?$|^\s{1,2}(?:No\.?|n[úu]m\.?|n[úu]mero)\s{1,2}$/i.test(gap) &&
        !/^\.?\s{0,2}#$/.test(gap)
      )
        break;
      const isNumber = /^\d{1,5}[a-z]?$/.test(t.norm);
      const numbered = /#|no|n[úu]m/i.test(gap);
      if (
        isNumber &&
        names > 0 &&
        (numbered || !SPANISH_NAME_JOINERS.has(tokens[j + 1]?.norm ?? '') || !/^\s/.test(text.slice(t.end, t.end + 1)))
      ) {
        out.push({ start: tokens[i]!.start, end: t.end, own: false });
        break;
      }
      if (isNumber || isCapitalized(t.raw)) names++;
      else if (!SPANISH_NAME_JOINERS.has(t.norm) && !/^(?:no|num|numero)$/.test(t.norm)) break;
    }
  }
  return out;
}
