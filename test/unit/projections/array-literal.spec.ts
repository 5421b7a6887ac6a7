import { arrayLiteral } from '../../../src/projections/runner/array-literal';

// node-postgres's own conversion of a parameter (lib/utils.js), the one arrayLiteral must match exactly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };

describe('arrayLiteral', () => {
  const same = (values: unknown[]) => expect(arrayLiteral(values)).toBe(prepareValue(values));

  it('writes what node-postgres writes for strings, numbers, booleans, bigints and nulls', () => {
    same([]);
    same([null, undefined]);
    same(['', 'a', 'with space', 'comma,inside', '{braces}', 'NULL', 'null']);
    same(['quote " inside', 'back \\ slash', '\\"', '"\\', '\\\\""', 'end\\']);
    same(['é ü 漢字 😀', '\u0000'.slice(1), '\t\n\r']);
    same([0, -0, 1.5, -2e-7, 1e21, Number.MAX_SAFE_INTEGER, NaN, Infinity]);
    same([true, false, 12345678901234567890n, -1n]);
    same(['{"a":"b\\"c"}', JSON.stringify(['x', 'y"z']), JSON.stringify([])]);
  });

  it('matches on random strings built from the characters that need escaping', () => {
    const alphabet = ['\\', '"', ',', '{', '}', ' ', 'a', 'N', 'é', "'"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 2000; n++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        next() < 0.1
          ? null
          : Array.from({ length: Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * 10)]).join(''),
      );
      same(values);
    }
  });

  it('leaves an array holding anything else to node-postgres (dates, objects, nested arrays, bytes)', () => {
    const others = [[new Date(0)], [{ a: 1 }], [['x']], [Buffer.from('x')], ['x', new Date(0)]];
    for (const values of others) expect(arrayLiteral(values)).toBe(values);
  });
});
