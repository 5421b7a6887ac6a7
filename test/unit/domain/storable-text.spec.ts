import {
  findUnstorableText,
  repairText,
  requireStorableText,
  unstorableReason,
} from '../../../src/domain/shared/storable-text';
import { toEventData } from '../../../src/application/shared/to-event-data';

describe('storable text (what PostgreSQL can record)', () => {
  it.each([
    ['plain text', 'Hi Sarah', null],
    ['emoji (a proper surrogate pair)', 'great work \u{1F44D}', null],
    ['U+FFFD itself', 'x\uFFFDy', null],
    ['a NUL', 'ok\u0000', 'nul'],
    ['a lone high surrogate', 'x\ud800y', 'unpaired_surrogate'],
    ['a lone low surrogate', '\udc00', 'unpaired_surrogate'],
    ['a high surrogate at the end', 'abc\ud83d', 'unpaired_surrogate'],
    ['two high surrogates then a low one', '\ud83d\ud83d\udc4d', 'unpaired_surrogate'],
  ])('%s', (_name, text, reason) => {
    expect(unstorableReason(text)).toBe(reason);
  });

  it('names the path of the first bad string or key, however deep', () => {
    expect(findUnstorableText({ a: 'ok', list: [{ name: 'fine' }, { name: 'Mo\u0000m' }] })).toEqual({
      field: 'list.1.name',
      reason: 'nul',
    });
    expect(findUnstorableText({ ['k\ud800']: 1 })).toEqual({ field: 'k\ud800', reason: 'unpaired_surrogate' });
    expect(findUnstorableText('\u0000')).toEqual({ field: '', reason: 'nul' });
    expect(findUnstorableText({ n: 5, b: true, z: null, s: 'x' })).toBeNull();
  });

  it('refuses with INVALID_TEXT, details naming the field', () => {
    expect(() => requireStorableText({ body: 'a\u0000' }, 'data.')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TEXT',
        kind: 'invalid',
        details: { field: 'data.body', reason: 'nul' },
      }),
    );
    expect(() => requireStorableText({ body: 'a' })).not.toThrow();
  });

  it('repairs with U+FFFD in place of each bad character, and says so', () => {
    expect(repairText('ok\u0000')).toEqual({ text: 'ok\uFFFD', repaired: true });
    expect(repairText('x\ud800y\udc00z\u{1F44D}')).toEqual({ text: 'x\uFFFDy\uFFFDz\u{1F44D}', repaired: true });
    expect(repairText('fine \u{1F44D}')).toEqual({ text: 'fine \u{1F44D}', repaired: false });
    expect(unstorableReason(repairText('\u0000\ud800\udc00\udc00').text)).toBeNull();
  });
});

describe('the append boundary (CLI, gateways, reactions: inputs that never passed HTTP)', () => {
  const env = { actor: { id: 'cli:ops', role: 'registrar' as const, districtId: 'd1' }, correlationId: 'c-1' };
  const ids = { next: () => '00000000-0000-4000-8000-000000000001' };

  it('refuses an event holding text PostgreSQL cannot store, before anything is appended', () => {
    expect(() =>
      toEventData([{ type: 'NoteAdded', data: { body: 'x\u0000' } }], 'AddNote', env, new Date(0), ids),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TEXT', details: { field: 'body', reason: 'nul' } }));
    expect(() =>
      toEventData(
        [{ type: 'NoteAdded', data: { body: 'x' } }],
        'AddNote',
        { ...env, actor: { ...env.actor, name: 'A\ud800' } },
        new Date(0),
        ids,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_TEXT',
        details: { field: 'metadata.actor.name', reason: 'unpaired_surrogate' },
      }),
    );
    expect(toEventData([{ type: 'NoteAdded', data: { body: 'fine' } }], 'AddNote', env, new Date(0), ids)).toHaveLength(
      1,
    );
  });
});
