import { enrolled, given, registered, sis, STUDENT, teacher } from './student-spec.helper';

/** The SIS's pacing signal behind "students falling behind who have not been contacted". */
const report = (status: 'on_track' | 'behind', asOf = '2019-08-13T12:00:00Z', enrollmentId = 'e1') => ({
  type: 'ReportPacing' as const,
  data: { enrollmentId, status, asOf },
});

describe('ReportPacing', () => {
  it('records a change of pacing for an active enrollment, from the SIS or the school', () => {
    given(registered(), enrolled())
      .when(report('behind'), sis)
      .then([
        {
          type: 'EnrollmentPacingReported',
          data: { studentId: STUDENT, enrollmentId: 'e1', status: 'behind', asOf: '2019-08-13T12:00:00.000Z' },
        },
      ]);
  });

  it('ignores a repeat of the same status and a report older than the one on file', () => {
    const [behind] = given(registered(), enrolled()).when(report('behind'), sis).events();
    given(registered(), enrolled(), behind!).when(report('behind', '2019-08-13T13:00:00Z'), sis).then([]);
    given(registered(), enrolled(), behind!).when(report('on_track', '2019-08-12T13:00:00Z'), sis).then([]);
    const [back] = given(registered(), enrolled(), behind!)
      .when(report('on_track', '2019-08-13T13:00:00Z'), sis)
      .events();
    expect(back).toMatchObject({ type: 'EnrollmentPacingReported', data: { status: 'on_track' } });
  });

  it('refuses teachers, unknown or ended enrollments, and dates that are not dates or are in the future', () => {
    given(registered(), enrolled()).when(report('behind'), teacher()).thenError('FORBIDDEN_ROLE');
    given(registered(), enrolled())
      .when(report('behind', undefined, 'e9'), sis)
      .thenError('ENROLLMENT_NOT_FOUND');
    given(registered(), enrolled(), {
      type: 'EnrollmentEnded',
      data: { studentId: STUDENT, enrollmentId: 'e1', endedOn: '2019-08-13', reason: null },
    })
      .when(report('behind'), sis)
      .thenError('ENROLLMENT_NOT_ACTIVE');
    given(registered(), enrolled()).when(report('behind', 'yesterday'), sis).thenError('INVALID_AS_OF', 'invalid');
    given(registered(), enrolled()).when(report('behind', '2019-09-13T12:00:00Z'), sis).thenError('INVALID_AS_OF');
  });
});
