/**
 * Dates with a month name, read token by token in English and Spanish, with the day in digits or in
 * words: "April 17th", "the seventeenth of April", "April twenty-first", "17 de abril de 2009",
 * "diecisiete de abril", "el primero de mayo", "abril 17". Each token is looked at a bounded number
 * of times, so the scan is linear in the number of tokens.
 */
import { type Token, wordTable } from './text-scan.util';

export interface NamedDate {
  start: number;
  end: number;
  month: number;
  day: number;
  year: number | null;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  enero: 1,
  ene: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  abr: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  dic: 12,
};

const monthOf = wordTable(MONTHS);

const UNITS_EN = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const DAY_WORDS: Record<string, number> = {
  ...Object.fromEntries(UNITS_EN.slice(1).map((w, i) => [w, i + 1])),
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  primero: 1,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
};
/** "twenty" + "first", "treinta y uno". */
const TENS = new Set(['twenty', 'thirty', 'treinta']);
const UNIT_AFTER_TENS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  uno: 1,
  un: 1,
};
/** Words that are everyday words far more often than days: only digits or ordinals count before "of"/"de" for them. */
const WEAK_DAY_WORDS = new Set(['second', 'once', 'one', 'uno', 'two', 'dos', 'ten', 'diez']);

type Day = { day: number; from: number; to: number };

/** A day at token i (digits "17"/"17th"/"1ro", or words), with the index of its last token. */
function dayAt(tokens: readonly Token[], text: string, i: number, strict: boolean): Day | null {
  const t = tokens[i];
  if (!t) return null;
  const digits = /^(\d{1,2})(?:st|nd|rd|th|ro|do|to|vo|o)?$/.exec(t.norm);
  if (digits) return { day: Number(digits[1]), from: i, to: i };
  let day = DAY_WORDS[t.norm];
  if (day === undefined || (strict && WEAK_DAY_WORDS.has(t.norm))) return null;
  let to = i;
  if (TENS.has(t.norm)) {
    const y = tokens[i + 1]?.norm === 'y' ? i + 2 : i + 1;
    const unit = tokens[y];
    if (unit && UNIT_AFTER_TENS[unit.norm] !== undefined && text.slice(tokens[y - 1]!.end, unit.start).length <= 2) {
      day += UNIT_AFTER_TENS[unit.norm]!;
      to = y;
    }
  }
  return { day, from: i, to };
}

function monthAt(tokens: readonly Token[], i: number): number | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  // "may" the verb and "mar" (the sea) only count capitalised or spelled out.
  if ((t.norm === 'may' || t.norm === 'mar') && t.raw.charAt(0) !== t.raw.charAt(0).toUpperCase()) return undefined;
  return monthOf(t.norm);
}

/** A year after the date: ", 2009", " de 2009", " del 2009". Returns [year, last token index]. */
function yearAfter(tokens: readonly Token[], i: number): [number | null, number] {
  let k = i + 1;
  if (tokens[k]?.norm === 'de' || tokens[k]?.norm === 'del') k++;
  const y = tokens[k];
  return y && /^(?:19|20)\d\d$/.test(y.norm) ? [Number(y.norm), k] : [null, i];
}

export function findNamedDates(tokens: readonly Token[], text: string): NamedDate[] {
  const out: NamedDate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const month = monthAt(tokens, i);
    if (month === undefined) continue;
    // Month first: "April 17th", "April the seventeenth", "abril 17".
    let k = i + 1;
    if (tokens[k]?.norm === 'the' || tokens[k]?.norm === 'el') k++;
    const after = dayAt(tokens, text, k, false);
    if (after && after.day >= 1 && after.day <= 31 && text.slice(tokens[k - 1]!.end, tokens[k]!.start).length <= 3) {
      const [year, last] = yearAfter(tokens, after.to);
      out.push({ start: tokens[i]!.start, end: tokens[last]!.end, month, day: after.day, year });
      continue;
    }
    // Day first: "17 April", "the 17th of April", "17 de abril", "diecisiete de abril", "veinte y uno de mayo".
    let d = i - 1;
    if (tokens[d]?.norm === 'of' || tokens[d]?.norm === 'de') d--;
    for (let start = Math.max(0, d - 2); start <= d; start++) {
      const before = dayAt(tokens, text, start, !['the', 'el'].includes(tokens[start - 1]?.norm ?? ''));
      if (!before || before.to !== d || before.day < 1 || before.day > 31) continue;
      const [year, last] = yearAfter(tokens, i);
      out.push({ start: tokens[start]!.start, end: tokens[last]!.end, month, day: before.day, year });
      break;
    }
  }
  return out;
}
