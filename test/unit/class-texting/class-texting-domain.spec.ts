import {
  countOutcomes,
  evolveJob,
  initialJobState,
  openJobs,
  remainingRecipients,
  type ClassTextJobEvent,
  type ClassTextResult,
} from '../../../src/domain/class-texting/class-text-job';
import type { Actor } from '../../../src/domain/shared/actor';
import type { DomainError } from '../../../src/domain/shared/domain-error';
import { DEFAULT_TEMPLATES } from '../../../src/domain/templates/default-templates';
import { fillPlaceholders, requireKnownPlaceholders } from '../../../src/domain/templates/placeholders';
import {
  decideRetireTemplate,
  decideSaveTemplate,
  evolveLibrary,
  initialLibrary,
  sampleVerdict,
  visibleTemplate,
} from '../../../src/domain/templates/template-library';

const admin: Actor = { id: 'adm', role: 'school_admin', districtId: 'd1' };
const bell: Actor = { id: 't-bell', role: 'teacher', districtId: 'd1', name: 'Amy Bell' };
const ruiz: Actor = { id: 't-ruiz', role: 'teacher', districtId: 'd1', name: 'Carlos Ruiz' };
const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe('placeholders: only the seed\'s "okay to text" list', () => {
  it('fills {firstName}, {className} and {teacherName}, once (a value that looks like a placeholder stays as it is)', () => {
    expect(
      fillPlaceholders('Hi {firstName}, {className} - {teacherName}. {firstName}!', {
        firstName: '{className}',
        className: 'Art',
        teacherName: 'Mrs. Bell',
      }),
    ).toBe('Hi {className}, Art - Mrs. Bell. {className}!');
  });
  it('refuses any other placeholder, naming it and the allowed ones', () => {
    expect(requireKnownPlaceholders('Hi {firstName}')).toEqual(['firstName']);
    let error: DomainError | undefined;
    try {
      requireKnownPlaceholders('Hi {firstName} {lastName}, born {dateOfBirth} {lastName}');
    } catch (e) {
      error = e as DomainError;
    }
    expect(error).toMatchObject({
      code: 'UNKNOWN_PLACEHOLDER',
      kind: 'invalid',
      details: { unknown: ['{lastName}', '{dateOfBirth}'] },
    });
  });
});

describe('template library (fold and decide, no database)', () => {
  it("starts with the seed's five suggested texts, every one passing the guard with sample values", () => {
    const library = initialLibrary('d1');
    expect([...library.templates.values()].map((t) => [t.purpose, t.scope, t.version])).toEqual(
      DEFAULT_TEMPLATES.map((t) => [t.purpose, 'district', 0]),
    );
    for (const t of DEFAULT_TEMPLATES) expect(sampleVerdict(t.body, admin, []).violations).toEqual([]);
  });

  it("the district library is a school admin's; own templates their teacher's; another teacher's is \"not found\"", () => {
    const library = initialLibrary('d1');
    const content = { title: 'Mine', purpose: 'other' as const, body: 'Hi {firstName} - {teacherName}' };
    expect(
      codeOf(() => decideSaveTemplate(library, { templateId: 'default-welcome', scope: null, content }, bell, [])),
    ).toBe('FORBIDDEN_ROLE');
    const [saved] = decideSaveTemplate(library, { templateId: 'own-1', scope: 'teacher', content }, bell, []);
    expect(saved).toEqual({
      type: 'TemplateSaved',
      data: {
        districtId: 'd1',
        templateId: 'own-1',
        scope: 'teacher',
        ownerId: 't-bell',
        title: 'Mine',
        purpose: 'other',
        body: 'Hi {firstName} - {teacherName}',
        version: 1,
      },
    });
    evolveLibrary(library, saved!);
    expect(codeOf(() => decideSaveTemplate(library, { templateId: 'own-1', scope: null, content }, ruiz, []))).toBe(
      'TEMPLATE_NOT_FOUND',
    );
    expect(codeOf(() => visibleTemplate(library, 'own-1', ruiz))).toBe('TEMPLATE_NOT_FOUND');
    expect(decideSaveTemplate(library, { templateId: 'own-1', scope: null, content }, bell, [])).toEqual([]);
    const [retired] = decideRetireTemplate(library, 'own-1', bell);
    evolveLibrary(library, retired!);
    expect(codeOf(() => visibleTemplate(library, 'own-1', bell))).toBe('TEMPLATE_NOT_FOUND');
    expect(decideRetireTemplate(library, 'own-1', bell)).toEqual([]);
  });

  it('a template the guard refuses with sample values is not saved', () => {
    expect(
      codeOf(() =>
        decideSaveTemplate(
          initialLibrary('d1'),
          {
            templateId: 'x',
            scope: 'district',
            content: { title: 'x', purpose: 'other', body: 'Hi {firstName} Jones, you live at 12 Oak Ave' },
          },
          admin,
          [],
        ),
      ),
    ).toBe('CONTENT_POLICY_VIOLATION');
  });
});

describe('class text job (fold, no database)', () => {
  const result = (studentId: string, outcome: ClassTextResult['outcome']): ClassTextResult => ({
    studentId,
    outcome,
    messageId: null,
    scheduledFor: null,
    code: null,
    reason: null,
    explanation: null,
    violations: [],
  });
  const started: ClassTextJobEvent = {
    type: 'ClassTextJobStarted',
    data: {
      jobId: 'j1',
      districtId: 'd1',
      teacherId: 't-bell',
      sectionId: 'bio',
      className: 'Biology',
      teacherName: 'Amy Bell',
      body: 'Hi {firstName}',
      templateId: null,
      templateVersion: null,
      sendAt: null,
      batchKey: 'k',
      fingerprint: 'f',
      recipients: ['a', 'b', 'c'].map((studentId) => ({
        studentId,
        enrollmentId: `e-${studentId}`,
        firstName: studentId,
      })),
    },
  };

  it('knows who is left after each recorded chunk; a student recorded twice keeps the first result', () => {
    const state = initialJobState();
    evolveJob(state, started);
    evolveJob(state, {
      type: 'ClassTextStudentsDone',
      data: { jobId: 'j1', results: [result('a', 'queued'), result('b', 'not_sent')] },
    });
    evolveJob(state, { type: 'ClassTextStudentsDone', data: { jobId: 'j1', results: [result('b', 'queued')] } });
    expect(remainingRecipients(state).map((r) => r.studentId)).toEqual(['c']);
    expect(countOutcomes(state.results.values())).toEqual({ queued: 1, scheduled: 0, notSent: 1 });
    expect(state.finished).toBe(false);
  });

  it('the index lists the jobs opened and not closed, once each', () => {
    expect(
      openJobs([
        { type: 'ClassTextJobOpened', data: { jobId: 'j1', districtId: 'd1' } },
        { type: 'ClassTextJobOpened', data: { jobId: 'j2', districtId: 'd2' } },
        { type: 'ClassTextJobOpened', data: { jobId: 'j1', districtId: 'd1' } },
        { type: 'ClassTextJobClosed', data: { jobId: 'j2' } },
      ]),
    ).toEqual([{ jobId: 'j1', districtId: 'd1' }]);
  });
});
