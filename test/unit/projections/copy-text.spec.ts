import { copyText } from '../../../src/projections/runner/copy-text';

interface Row {
  id: string;
  n: number | null;
  ok: boolean;
  body: string | null;
  tags: (string | null)[];
}

const SPEC: Record<keyof Row, string> = { id: 'text', n: 'int', ok: 'boolean', body: 'text', tags: 'text[]' };

describe('copyText: rows in the text format of COPY', () => {
  it('writes the columns in the order given, tab-separated, a newline after each row, NULL as \\N', () => {
    expect(
      copyText(SPEC, [
        { id: 'a', n: 3, ok: true, body: null, tags: [] },
        { id: 'b', n: null, ok: false, body: 'hi', tags: ['x'] },
      ]),
    ).toBe('a\t3\ttrue\t\\N\t{}\nb\t\\N\tfalse\thi\t{"x"}\n');
    expect(copyText(SPEC, [])).toBe('');
  });

  it('escapes what would end a field or a row, and a backslash (so the text \\N stays text)', () => {
    const body = 'tab\there\nnew line\r\\N {"json": "\\"quoted\\""}';
    expect(copyText(SPEC, [{ id: 'a', n: 1, ok: true, body, tags: [] }])).toBe(
      'a\t1\ttrue\ttab\\there\\nnew line\\r\\\\N {"json": "\\\\"quoted\\\\""}\t{}\n',
    );
  });

  it('writes a text[] as an array literal: each element quoted, quotes and backslashes escaped, null as NULL', () => {
    expect(copyText(SPEC, [{ id: 'a', n: 1, ok: true, body: '', tags: ['a"b', 'c\\d', null, 'e,f}'] }])).toBe(
      'a\t1\ttrue\t\t{"a\\\\"b","c\\\\\\\\d",NULL,"e,f}"}\n',
    );
  });

  it('refuses what the live statement would not take: a text[] that is not an array, an object', () => {
    expect(() => copyText(SPEC, [{ id: 'a', n: 1, ok: true, body: null, tags: null as never }])).toThrow(
      /not an array/,
    );
    expect(() => copyText(SPEC, [{ id: 'a', n: {} as never, ok: true, body: null, tags: [] }])).toThrow(/unexpected/);
  });
});
