import { PassThrough } from 'node:stream';
import { runContentCheck } from '../../../src/application/messaging/content-check/content-check.runner';

async function run(
  lines: string[],
  context = { allowedLinkHosts: ['school.org'] },
): Promise<{ out: unknown[]; summary: { lines: number; blocked: number } }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  input.end(lines.join('\n'));
  const summary = await runContentCheck(input, output, context);
  output.end();
  const out = chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
  return { out, summary };
}

const student = {
  firstName: 'Sarah',
  lastName: 'Jones',
  dateOfBirth: '2009-04-17',
  address: '123 Maple Ave',
  username: 'sjones09',
};

describe('runContentCheck (content-check CLI verb)', () => {
  it('writes one verdict line per non-blank input line, in order', async () => {
    const { out, summary } = await run([
      JSON.stringify({ student, text: 'Hi Sarah, study session today at 1:00. - Mrs. Bell' }),
      '',
      JSON.stringify({ student, text: 'Sarah Jones, DOB 4/17/2009' }),
      '   ',
      JSON.stringify({ student, text: 'Book at https://school.org/book' }),
    ]);
    expect(summary).toEqual({ lines: 3, blocked: 1 });
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ allowed: true, violations: [] });
    expect(out[1]).toMatchObject({
      allowed: false,
      violations: [
        { category: 'full_name', start: 0, end: 11 },
        { category: 'birth_date', start: 17, end: 26 },
      ],
    });
    expect(out[2]).toEqual({ allowed: true, violations: [] });
  });

  it('gives a blocked line its suggestions and a rewrite that passes the guard', async () => {
    const { out } = await run([
      JSON.stringify({
        student,
        text: 'Sarah Jones, you got 18/20 on the vocab quiz! Details: https://grades.example.com/sj',
      }),
    ]);
    expect(out[0]).toMatchObject({
      allowed: false,
      language: 'en',
      violations: [
        { category: 'full_name', suggestion: 'Use just the first name: "Sarah".' },
        { category: 'grade', suggestion: 'Replace the grade with "check your grade in the portal".' },
        { category: 'link', suggestion: 'Replace the link with "see the portal".' },
      ],
      suggestedRewrite: 'Sarah, you got check your grade in the portal on the vocab quiz! Details: see the portal',
    });
  });

  it('answers a malformed line with an error verdict and carries on', async () => {
    const { out, summary } = await run([
      '{not json',
      JSON.stringify({ student, text: 42 }),
      JSON.stringify({ student: { firstName: 'Sarah' }, text: 'hi' }),
      JSON.stringify({ student, text: 'pw: Tiger22' }),
    ]);
    expect(summary).toEqual({ lines: 4, blocked: 4 });
    expect(out[0]).toEqual({ allowed: false, error: 'This line is not valid JSON.', line: 1 });
    expect(out[1]).toMatchObject({ allowed: false, line: 2, error: expect.stringMatching(/"text"/) as unknown });
    expect(out[2]).toMatchObject({ allowed: false, line: 3, error: expect.stringMatching(/firstName/) as unknown });
    expect(out[3]).toMatchObject({ allowed: false, violations: [{ category: 'credentials' }] });
  });

  it('accepts a line without a student (general checks only) and optional media and sender names', async () => {
    const { out } = await run([
      JSON.stringify({ text: 'Hi, this is Amy Bell.', senderNames: ['Amy Bell'] }),
      JSON.stringify({ text: 'Photo!', mediaUrls: ['https://x/y.jpg'] }),
    ]);
    expect(out[0]).toEqual({ allowed: true, violations: [] });
    expect(out[1]).toMatchObject({ allowed: false, violations: [{ category: 'media', start: 0, end: 0 }] });
  });

  it('handles an empty input', async () => {
    expect((await run([])).summary).toEqual({ lines: 0, blocked: 0 });
  });
});
