import fc from 'fast-check';
import { textDigest } from '../../../src/domain/shared/text-digest';

describe('textDigest (what a folded state keeps of a text instead of the text)', () => {
  it('is 16 hex digits, the same for the same text, whatever its length or script', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const digest = textDigest(text);
        expect(digest).toMatch(/^[0-9a-f]{16}$/);
        expect(textDigest(text.slice())).toBe(digest);
      }),
    );
  });

  it('tells texts apart that differ in one character, one position or only in length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), fc.nat(), (text, at) => {
        const i = at % text.length;
        const changed = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) + 1) % 0x10000) + text.slice(i + 1);
        expect(textDigest(changed)).not.toBe(textDigest(text));
        expect(textDigest(`${text}\u0000`)).not.toBe(textDigest(text));
      }),
    );
  });

  it('gives 200,000 similar texts 200,000 different digests', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(textDigest(`e-${i % 7}\u0000Reminder: quiz ${i} is due Friday.`));
    expect(seen.size).toBe(200_000);
  });
});
