/**
 * Which language each sentence of a text is in, English or Spanish. Texts to students are short
 * (one to three sentences), too short for statistical detectors trained on documents (n-gram models
 * need a few hundred characters to be reliable and confuse close languages on a dozen words), so the
 * guard scores each sentence by its function words ("the", "your" against "el", "tu") plus the marks
 * only Spanish uses (ñ, ¿, ¡, accented vowels). Function words are what every sentence has, whatever
 * its topic; a tie goes to English, the portal's default. Linear: one pass over the tokens.
 */
import type { ContentLanguage } from './content-policy.types';
import { type Token, isSentenceEnd, tokenize } from './text-scan.util';

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

const ENGLISH = words(`
the a an and or but to of in on at for with from by about your you you're youre i i'm im we our my me is are was were be been
this that these those it its it's have has had do does did will would can could should please thanks thank hi hello hey
today tomorrow tonight week class don't dont let know just get got need here there what when how who if not no yes
`);
const SPANISH = words(`
el la los las un una unos unas y o pero de del al a en con por para sin sobre tu tus su sus mi mis te ti se lo le les nos
es son eres soy esta estas estan esto este ese esa eso hay fue ser estar tiene tienes tengo puedes puede hola gracias
feliz cumple cumpleanos usuario contrasena clave mira revisa duda cualquier escribes escribeme llamame aqui tarea examen
buenos buenas dias tardes noches hoy manana semana clase que como cuando donde quien si no muy mas ya favor recuerda
`);
const SPANISH_MARKS = /[ñ¿¡áéíóú]/i;

export interface SentenceLanguage {
  start: number;
  end: number;
  language: 'en' | 'es';
  /** False for a sentence with no function word or mark ("!!", "🎂", a link): it takes the previous sentence's language. */
  evidence: boolean;
}

/** The language of every sentence, in order, covering the whole text. */
export function sentenceLanguages(text: string, tokens: readonly Token[]): SentenceLanguage[] {
  const out: SentenceLanguage[] = [];
  let start = 0;
  let en = 0;
  let es = 0;
  const close = (end: number): void => {
    const evidence = en + es > 0;
    const previous = out[out.length - 1]?.language ?? 'en';
    if (end > start) out.push({ start, end, language: evidence ? (es > en ? 'es' : 'en') : previous, evidence });
    start = end;
    en = 0;
    es = 0;
  };
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    for (; k < tokens.length && tokens[k]!.end <= i + 1; k++) {
      const t = tokens[k]!;
      const word = t.norm.replace(/’/g, "'");
      if (ENGLISH.has(word)) en++;
      if (SPANISH.has(word)) es++;
      if (SPANISH_MARKS.test(t.raw)) es++;
    }
    const c = text.charAt(i);
    if (c === '¿' || c === '¡') es++;
    if (isSentenceEnd(text, i)) close(i + 1);
  }
  close(text.length);
  return out;
}

/** 'mixed' when both languages have a sentence of their own; a text with no words is English. */
export function textLanguage(sentences: readonly SentenceLanguage[]): ContentLanguage {
  const has = new Set(sentences.filter((s) => s.evidence).map((s) => s.language));
  return has.size > 1 ? 'mixed' : has.has('es') ? 'es' : 'en';
}

/** The language of the sentence holding position `at`, by binary search. */
export function languageAt(sentences: readonly SentenceLanguage[], at: number): 'en' | 'es' {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return sentences[lo]?.language ?? 'en';
}

/** The language of a whole text: 'en', 'es', or 'mixed' when it has sentences in both. */
export function detectLanguage(text: string): ContentLanguage {
  return textLanguage(sentenceLanguages(text, tokenize(text)));
}
