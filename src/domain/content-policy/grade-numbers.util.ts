/**
 * Numbers given as grades: percentages and fractions near grade words ("72% in ELA", "scored 18/25",
 * "7 out of 10 on the quiz", "grade on the test: 64"), unless the sentence is about progress
 * ("75% of the course", "14/20 lessons", "3 out of 5 assignments") or the fraction is a date ("on 4/17").
 * Context is read from the sentence around the number (bounded), so the scan stays linear.
 */
import { allMatches, sentenceAround } from './text-scan.util';

type Span = { start: number; end: number };

const PERCENT = /(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s?(?:%|percent\b|pct\b)/gi;
const FRACTION = /(?<![\d/.:-])(\d{1,3})(\s?\/\s?|\s{1,2}out\s{1,2}of\s{1,2})(\d{1,3})(?![\d/]|[.:]\d)/gi;
const SCORE_NUMBER =
  /\b(?:scored(?:\s{1,2}an?)?|score\s{1,2}(?:of|was|is)|grade\s{1,2}(?:of|was|is)|average\s{1,2}(?:of|was|is)|(?:got|earned|received|made)\s{1,2}an?|(?:sacaste|saco|obtuviste|obtuvo)(?:\s{1,2}una?)?)\s{1,2}(\d{1,3})(?![\d/%]|\.\d|\s?percent|\s{1,2}out\b)/gi;
/** "score: 64" but not the minutes of "2:00". */
const LABELLED_NUMBER = /(?<!\d)[:=]\s{0,2}(\d{1,3})(?![\d/%:]|\.\d|\s?percent)/g;

const GRADE_WORDS =
  /\b(?:grades?|graded|scores?|scored|scoring|average|avg|gpa|quiz|quizzes|test|tests|exam|exams|midterm|final|got|earned|received|overall|report card|calificacion(?:es)?|notas?|promedio|examen(?:es)?|pruebas?|sacaste|saco|obtuviste|obtuvo|puntaje|boleta|parcial)\b/i;
const SCORE_WORDS =
  /\b(?:scores?|scored|scoring|got|get|earned|received|made|points?|pts|grades?|graded|marks?|sacaste|saco|obtuviste|obtuvo|puntos|calificacion|nota|puntaje)\b/i;
/** "8/10 correct", "7 out of 10 questions right" (a bare "right?" elsewhere is just a question). */
const CORRECT_AFTER =
  /^\s{1,2}(?:questions?\s{1,2}|answers?\s{1,2}|preguntas?\s{1,2}|respuestas?\s{1,2})?(?:correct|right|correctas?|bien)\b(?!\s?\?)/i;
const PROGRESS_WORDS =
  /\b(?:complete|completed|completion|done|through|finished|finish|progress|caught|behind|ahead|pace|pacing|of the way|assignments?|lessons?|modules?|activities|tasks?|units|submitted|turned|left|remaining|attendance|completad[oa]s?|completaste|terminad[oa]s?|terminaste|avance|progreso|tareas|lecciones|modulos|actividades|entregad[oa]s?|entregaste|pendientes?|atrasad[oa]|al dia|del curso|del camino|faltan|asistencia)\b/i;
/** Course rules rather than results: "worth 20% of the grade", "capped at 80%", "need 70% to unlock". */
const RULE_WORDS =
  /\b(?:worth|weighted|weight|counts? for|capped|cap|max|maximum|minimum|at least|need|needs|required|unlock|syllabus|policy|vale|valen|cuenta|cuentan|necesitas|necesita|minimo|maximo|al menos|requiere|requisito)\b/i;
/** "you have a 58 in World Cultures", "with an 82 in the class". */
const HAVE_IN_CLASS =
  /\b(?:have|has|had|with|at|sitting at)\s{1,2}(?:an?\s{1,2})?(\d{1,3})(?:\.\d)?\s{1,2}in\s{1,2}(?:the\s{1,2}class|[A-Z])/g;
const DATE_BEFORE =
  /\b(?:on|by|due|before|after|until|till|thru|through|from|since|starting|week of|open|opens|closes|el|del|para|hasta|desde|antes|despues|entrega)\s{1,2}$/i;
const GRADE_NOUN = /\b(?:grades?|scores?|average|avg|calificacion(?:es)?|notas?|promedio|puntaje)\b/i;

/** `folded` is the text lowercased without accents, index for index, so Spanish words match with ASCII patterns. */
export function findNumericGrades(text: string, folded: string): Span[] {
  const out: Span[] = [];
  for (const m of allMatches(PERCENT, text)) {
    const s = sentenceOf(text, folded, m.index, m.index + m[0].length);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
    // "at 91% in Art", "have 85% in the class": a percentage in a class is a grade.
    const inClass = /^\s{1,2}(?:in|en)\s{1,2}(?:the\s{1,2}class|la\s{1,2}clase|[A-ZÁÉÍÓÚ])/.test(after);
    if ((GRADE_WORDS.test(s) || inClass) && !PROGRESS_WORDS.test(s) && !RULE_WORDS.test(s))
      out.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of allMatches(FRACTION, text)) {
    const [, a, sep, b] = m;
    if (Number(a) > Number(b) || Number(b) === 0) continue;
    const s = sentenceOf(text, folded, m.index, m.index + m[0].length);
    if (PROGRESS_WORDS.test(s)) continue;
    const outOf = /out/i.test(sep!);
    if (!outOf && DATE_BEFORE.test(folded.slice(Math.max(0, m.index - 12), m.index))) continue;
    const labelled = /[:=]\s{0,2}$/.test(text.slice(Math.max(0, m.index - 3), m.index)) && GRADE_WORDS.test(s);
    const correct = CORRECT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24));
    if (SCORE_WORDS.test(s) || labelled || correct || (outOf && GRADE_WORDS.test(s)))
      out.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of allMatches(SCORE_NUMBER, folded)) {
    if (!PROGRESS_WORDS.test(sentenceOf(text, folded, m.index, m.index + m[0].length)))
      out.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of allMatches(HAVE_IN_CLASS, text)) {
    const at = m.index + m[0].search(/\d/);
    out.push({ start: at, end: at + m[1]!.length });
  }
  for (const m of allMatches(LABELLED_NUMBER, folded)) {
    // "grade on the Unit 2 test: 64" — a number labelled by a grade noun earlier in the sentence.
    const s = sentenceOf(text, folded, m.index, m.index + m[0].length);
    const label = s.slice(0, s.indexOf(m[0]) >= 0 ? s.indexOf(m[0]) : s.length);
    if (GRADE_NOUN.test(label) && !PROGRESS_WORDS.test(s))
      out.push({ start: m.index + m[0].length - m[1]!.length, end: m.index + m[0].length });
  }
  return out;
}

function sentenceOf(text: string, folded: string, start: number, end: number): string {
  const { from, to } = sentenceAround(text, start, end, 70);
  return folded.slice(from, to);
}
