/**
 * Grades as teachers type them casually, in English and Spanish, read on the folded text (lowercase,
 * no accents, same indices): pass/fail status ("ur failing algebra", "estás reprobando Álgebra",
 * "reprobaste el examen"), a score before the work it was for ("18/20 on the vocab quiz", "9/10 en la
 * prueba"), and a bare number a grade word stands for ("class average right now is 64", "tu promedio
 * es 72", "tu nota: 8.5", "you're sitting at a 58 in Math"). Patterns are fixed sequences of bounded
 * pieces, and the word windows are bounded, so the scan stays linear.
 */
import { type Token, allMatches } from './text-scan.util';

type Span = { start: number; end: number };

const STATUS = [
  // English status without "is": "ur failing", "your failing" (the common typo), "in danger of failing".
  /\b(?:ur|u r|your|youre|you're|you’re|u are|u're|(?:risk|danger) of|on track to be|headed for)\s{1,2}(?:currently\s{1,2}|still\s{1,2}|now\s{1,2}|barely\s{1,2}|not\s{1,2})?(?:failing|passing|flunking)\b(?!\s{1,2}(?:to|out|by|along|around|notes|the\s{1,2}time)\b)/g,
  // Spanish: "estás reprobando", "vas reprobando", "sigue reprobando", "está aprobando", "va a reprobar".
  /\b(?:estas|esta|estan|vas|va|van|sigues|sigue|andas|anda|llevas|lleva|ahorita|actualmente|ahora)\s{1,2}(?:a\s{1,2})?(?:reprobando|aprobando|pasando|reprobar|reprobado|reprobada|aprobado|aprobada)\b/g,
  /\b(?:riesgo|peligro)\s{1,2}de\s{1,2}(?:reprobar|no\s{1,2}aprobar|no\s{1,2}pasar)\b/g,
  // Spanish results: "reprobaste el examen", "aprobó la clase", "pasaste la prueba final".
  /\b(?:reprobaste|reprobo|aprobaste|aprobo|pasaste|tronaste|trono)\s{1,2}(?:(?:el|la|los|las|tu|su|este|esta|ese|esa)\s{1,2})?(?:[a-z0-9]+\s{1,2}){0,3}?(?:examen|examenes|prueba|pruebas|quiz|clase|curso|materia|semestre|final|parcial|evaluacion)\b/g,
  /\b(?:calificacion|nota)\s{1,2}(?:reprobatoria|aprobatoria|perfecta|maxima)\b/g,
  // "tienes un 7 en Matemáticas", "sacaste 9.5 en el examen", "obtuvo un 6.": a number got, then "en" or the sentence's end.
  /\b(?:tienes|tiene|sacaste|saco|obtuviste|obtuvo|llevas|lleva|tenias|tenia)\s{1,2}(?:un\s{1,2}|una\s{1,2})?\d{1,3}(?:[.,]\d{1,2})?(?![\d%/.,]\d|\d|\s?%)(?=\s{1,2}en\s|\s{0,2}[.!,;]|\s{0,2}$)/g,
];
/** A score right before the work or course it was for: "18/20 on the vocab quiz", "45/50 en la prueba". */
const SCORE_ON_WORK =
  /(?<![\d/.:-])(\d{1,3})\s?\/\s?(\d{1,3})(?![\d/]|[.:]\d)(?=\s{1,2}(?:on|in|for|en|de|para)\s{1,2}(?:(?:the|your|this|that|my|el|la|tu|su|este|esta|ese|esa)\s{1,2})?(?:[a-z0-9]+\s{1,2}){0,2}?(?:quiz|quizzes|test|exam|midterm|final|essay|project|lab|paper|assignment|assessment|homework|hw|presentation|check|checkpoint|worksheet|ticket|practice|retake|examen|prueba|tarea|proyecto|ensayo|trabajo|evaluacion|parcial|reporte|algebra|biology|english|math|history|chemistry|geometry|science|matematicas|biologia|ingles|historia|quimica|geometria|ciencias)\b)/g;

/** "48/50!". */
const EXCLAIMED_SCORE = /(?<![\d/.:-])(\d{1,3})\s?\/\s?(\d{2,3})(?=\s{0,2}!)/g;

/** Words that name a grade (English and Spanish, folded). */
const GRADE_NOUNS = new Set(
  'average avg grade grades score promedio calificacion calificaciones nota notas puntaje puntuacion'.split(' '),
);
/** Words that may stand between the grade word and its number: "average right now is at a 64", "promedio actual es de 72". */
const LINKING = new Set(
  'is was right now currently at a an sitting still just only in the class course for this your overall of es era esta de en la el tu su actual actualmente ahora ahorita clase curso materia un una final current fue del on para to a dropped fell went rose up down bajo subio quedo examen prueba quiz test exam ensayo proyecto essay project midterm parcial algebra biology english ela math geometry chemistry physics history science biologia ingles matematicas geometria quimica fisica historia ciencias'.split(
    ' ',
  ),
);
/** A grade word that means a grade level or a count here ("grade 9", "9th grade", "nota 3 de la unidad"). */
const LEVEL_AFTER = /^(?:th|st|nd|rd|grade|graders?|level|grado)$/;

/** Spans of casual grade statements found in the folded text. */
export function findCasualGrades(folded: string, tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  for (const re of STATUS)
    for (const m of allMatches(re, folded)) out.push({ start: m.index, end: m.index + m[0].length });
  for (const m of allMatches(SCORE_ON_WORK, folded)) {
    if (Number(m[1]) <= Number(m[2]) && Number(m[2]) > 0) out.push({ start: m.index, end: m.index + m[0].length });
  }
  // "48/50!": a score exclaimed on its own (a date would read "on 4/17!", and needs a month up to 12).
  for (const m of allMatches(EXCLAIMED_SCORE, folded)) {
    if (
      Number(m[1]) <= Number(m[2]) &&
      Number(m[2]) >= 13 &&
      !/\b(?:on|by|due|el|del)\s{1,2}$/.test(folded.slice(Math.max(0, m.index - 6), m.index))
    )
      out.push({ start: m.index, end: m.index + m[0].length });
  }
  out.push(...numbersNamedByGradeWord(folded, tokens));
  return out;
}

/**
 * A number from 0 to 100 that a grade word names: the word, then only linking words, then the number
 * ("average is 64", "promedio actual es de 72"), or the number right before "average" ("a 64 average").
 * Right after the grade word with nothing between ("grade 9") it is a grade level, not a grade.
 */
function numbersNamedByGradeWord(folded: string, tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^\d{1,3}$/.test(t.norm) || Number(t.norm) > 100) continue;
    const after = folded.slice(t.end, t.end + 3);
    // Part of a date, a time, a fraction or a larger number ("4/17", "2:30", "18/20", "1,200"): other rules judge those.
    if (/^[/:]\d|^[,.]\d{3}/.test(after) || /[\d/:]$/.test(folded.slice(Math.max(0, t.start - 1), t.start))) continue;
    if (tokens[i + 1] && LEVEL_AFTER.test(tokens[i + 1]!.norm)) continue;
    let k = i - 1;
    let linked = 0;
    while (k >= 0 && i - k <= 6 && LINKING.has(tokens[k]!.norm) && !GRADE_NOUNS.has(tokens[k]!.norm)) {
      k--;
      linked++;
    }
    const noun = tokens[k];
    const before =
      noun !== undefined &&
      GRADE_NOUNS.has(noun.norm) &&
      (linked > 0 || /[:=]\s{0,2}$/.test(folded.slice(noun.end, t.start)));
    const next = tokens[i + 1];
    const average =
      next !== undefined &&
      (next.norm === 'average' || next.norm === 'avg' || next.norm === 'overall') &&
      /^ {1,2}$/.test(folded.slice(t.end, next.start));
    const withDecimal = /^[.,]\d{1,2}(?!\d)/.exec(folded.slice(t.end, t.end + 4))?.[0].length ?? 0;
    if (before || average) out.push({ start: t.start, end: t.end + withDecimal });
  }
  return out;
}
