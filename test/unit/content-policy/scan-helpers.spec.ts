/**
 * The scanning shortcuts taken for speed (issue 19) give what the plain forms they replace give: matchAll, the
 * per-character fold, `record[word]`, and the memos keyed by the student's fields. Verdicts must not change.
 */
import { checkContent } from '../../../src/domain/content-policy';
import { BoundedMemo, keyOf } from '../../../src/domain/content-policy/memo.util';
import {
  allMatches,
  fold,
  foldSameLength,
  tokenize,
  wordTable,
} from '../../../src/domain/content-policy/text-scan.util';
import { CONTEXT, SARAH } from './content-policy.fixtures';

/** The per-code-point definition foldSameLength had before its ASCII runs were lowercased in one call. */
function foldSameLengthByCharacter(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
      continue;
    }
    const folded = fold(ch);
    out += folded.length === ch.length ? folded : ch;
  }
  return out;
}

const MIXED = [
  '',
  'Hi SARAH, quiz Friday: https://School.org/x',
  'Calificación: 9. ¿Cumpleaños?',
  'Sa\u200Brah Jo\u0301nes 😀 \uD83D lone \uDE00 surrogates',
  'ﬁnal İstanbul paſſing \u212Aelvin Ｓａｒａｈ',
  '😀😀é',
];

describe('content guard scanning helpers', () => {
  it('foldSameLength lowercases ASCII runs in one call and still folds every other character as before', () => {
    for (const text of MIXED) expect(foldSameLength(text)).toBe(foldSameLengthByCharacter(text));
  });

  it('tokenize folds ASCII words by lowercasing them, which is what fold gives', () => {
    for (const text of MIXED) for (const t of tokenize(text)) expect(t.norm).toBe(fold(t.raw));
  });

  it('allMatches gives what matchAll gives, empty matches and surrogate pairs included, and leaves lastIndex at 0', () => {
    const patterns = [/[\p{L}\p{N}]+/gu, /\b\w*/g, /(?:)/gu, /x*/g, /s/giu];
    for (const re of patterns) {
      for (const text of MIXED) {
        const plain = [...text.matchAll(re)].map((m) => [m.index, m[0]]);
        expect(allMatches(re, text).map((m) => [m.index, m[0]])).toEqual(plain);
        expect(re.lastIndex).toBe(0);
      }
    }
    expect(() => allMatches(/a/, 'a')).toThrow(TypeError);
  });

  it('wordTable reads a word as record[word] does, names inherited from Object.prototype included', () => {
    const record: Record<string, string> = { st: 'street', ave: 'avenue' };
    const read = wordTable(record);
    for (const word of ['st', 'ave', 'road', '', 'constructor', 'tostring', 'toString', '__proto__', 'valueOf'])
      expect(read(word)).toBe(record[word]);
  });

  it('keyOf tells apart fields that plain concatenation would not', () => {
    expect(keyOf('ab', 'c')).not.toBe(keyOf('a', 'bc'));
    expect(keyOf('1:a', '')).not.toBe(keyOf('', '1:a'));
    expect(keyOf(null, undefined, '')).toBe(keyOf('', '', ''));
  });

  it('BoundedMemo computes once per key, remembers null, and drops the oldest entry past its bound', () => {
    const memo = new BoundedMemo<string | null>(2);
    let computed = 0;
    const get = (key: string): string | null =>
      memo.get(key, () => {
        computed++;
        return key === 'none' ? null : key.toUpperCase();
      });
    expect([get('a'), get('a'), get('none'), get('none')]).toEqual(['A', 'A', null, null]);
    expect(computed).toBe(2);
    get('b'); // evicts 'a'
    get('a');
    expect(computed).toBe(4);
  });

  it('gives the same verdict for the same student written as a new object each time, and for another student after', () => {
    const text = 'Sarah Jones, sjones09 lives at 123 Maple Ave. Tyler Brooks too.';
    const first = JSON.stringify(checkContent(text, SARAH, CONTEXT));
    expect(JSON.stringify(checkContent(text, { ...SARAH }, { ...CONTEXT }))).toBe(first);
    const other = { ...SARAH, firstName: 'Tyler', lastName: 'Brooks', username: 'tbrooks', address: '9 Elm St' };
    const otherVerdict = checkContent(text, other, CONTEXT);
    expect(otherVerdict.violations.map((v) => text.slice(v.start, v.end))).toContain('Tyler Brooks');
    expect(JSON.stringify(checkContent(text, SARAH, CONTEXT))).toBe(first);
  });

  it('still reads pass/fail and GPA words the `iu` flags match through "ſ" and upper case', () => {
    expect(checkContent("You're paſſing Algebra", null, CONTEXT).violations.map((v) => v.category)).toEqual(['grade']);
    expect(checkContent('Your GPA is 3.5', null, CONTEXT).violations.map((v) => v.category)).toEqual(['grade']);
  });
});
