import type { Actor } from '../../../src/domain/shared/actor';
import { contentVerdict } from '../../../src/domain/student/outbound-text.decide';
import type { RecordChanges, RecordField, StudentEvent } from '../../../src/domain/student/student.events';
import { foldStudent } from '../../../src/domain/student/student.state';
import { enrolled, given, registered, registrar, sis, STUDENT, teacher } from './student-spec.helper';

const correct = (changes: RecordChanges, reason = 'Birth certificate received') => ({
  type: 'CorrectStudentRecord' as const,
  data: { changes, reason },
});
const schoolAdmin: Actor = { id: 'adm', role: 'school_admin', districtId: 'd1', initials: 'S.Adm' };
const compliance: Actor = { id: 'c1', role: 'compliance', districtId: 'd1' };
const corrected = (
  fields: RecordField[],
  correctedValues: RecordChanges,
  reason = 'Birth certificate received',
): StudentEvent =>
  ({ type: 'StudentRecordCorrected', data: { studentId: STUDENT, fields, correctedValues, reason } }) as StudentEvent;

describe('CorrectStudentRecord (the school maintains the record)', () => {
  it('records the changed fields, their new values and the reason (registrar and school admin)', () => {
    given(registered())
      .when(correct({ lastName: ' Jonas ', dateOfBirth: '2009-04-18' }), registrar)
      .then([corrected(['lastName', 'dateOfBirth'], { lastName: 'Jonas', dateOfBirth: '2009-04-18' })]);
    given(registered())
      .when(correct({ timeZone: 'America/Chicago', username: 'sjonas09' }), schoolAdmin)
      .then([corrected(['username', 'timeZone'], { username: 'sjonas09', timeZone: 'America/Chicago' })]);
  });

  it('never lets a teacher, compliance or the SIS correct a record', () => {
    for (const actor of [teacher(), compliance, sis])
      given(registered(), enrolled())
        .when(correct({ firstName: 'Sara' }), actor)
        .thenError('RECORD_CHANGE_NOT_ALLOWED', 'forbidden');
  });

  it("refuses another district's student and an unknown one", () => {
    given(registered())
      .when(correct({ firstName: 'Sara' }), { ...registrar, districtId: 'd2' })
      .thenError('FORBIDDEN_DISTRICT', 'forbidden');
    given()
      .when(correct({ firstName: 'Sara' }), registrar)
      .thenError('STUDENT_NOT_FOUND', 'not_found');
  });

  it('leaves out fields sent with the value on file, and records nothing when nothing changes', () => {
    given(registered())
      .when(correct({ firstName: 'Sarah', lastName: 'Jonas' }), registrar)
      .then([corrected(['lastName'], { lastName: 'Jonas' })]);
    given(registered())
      .when(correct({ firstName: 'Sarah', preferredName: '  ' }), registrar)
      .then([]);
  });

  it('removes an optional field with null, never a name', () => {
    given(registered())
      .when(correct({ username: null, dateOfBirth: null }), registrar)
      .then([corrected(['dateOfBirth', 'username'], { dateOfBirth: null, username: null })]);
    given(registered())
      .when(correct({ lastName: '   ' }), registrar)
      .thenError('INVALID_NAME', 'invalid');
  });

  it('refuses an empty correction, a missing reason, an impossible or future birth date and an unknown time zone', () => {
    given(registered()).when(correct({}), registrar).thenError('NOTHING_TO_CORRECT', 'invalid');
    given(registered())
      .when(correct({ firstName: 'Sara' }, ' '), registrar)
      .thenError('REASON_REQUIRED', 'invalid');
    given(registered())
      .when(correct({ dateOfBirth: '2009-02-30' }), registrar)
      .thenError('INVALID_DATE_OF_BIRTH', 'invalid');
    given(registered())
      .when(correct({ dateOfBirth: '2030-01-01' }), registrar)
      .thenError('INVALID_DATE_OF_BIRTH', 'invalid');
    given(registered())
      .when(correct({ timeZone: 'Mars/Olympus' }), registrar)
      .thenError('INVALID_TIME_ZONE', 'invalid');
  });

  it('is folded into the profile: a second, equal correction records nothing', () => {
    const first = corrected(['lastName'], { lastName: 'Jonas' });
    given(registered(), first)
      .when(correct({ lastName: 'Jonas' }), registrar)
      .then([]);
    expect(foldStudent([registered(), first]).profile).toMatchObject({
      firstName: 'Sarah',
      lastName: 'Jonas',
      dateOfBirth: '2009-04-17',
    });
  });

  it('the content guard judges the current names, and keeps blocking the name the student had before', () => {
    // Names on no list of the guard's, so only the student's own record can block them.
    const history = [registered({ firstName: 'Zephyrine', lastName: 'Okonkwo' }), enrolled()];
    const before = foldStudent(history);
    const after = foldStudent([...history, corrected(['lastName'], { lastName: 'Adeyemi' })]);
    const blocked = (state: typeof before, body: string) =>
      contentVerdict(body, state, teacher(), [], []).violations.map((v) => v.category);
    // Lower case, so the guard's rule for any capitalised "Given Surname" pair does not decide it: only the record does.
    expect(blocked(before, 'hi zephyrine adeyemi, are you able to log on today?')).toEqual([]);
    expect(blocked(after, 'hi zephyrine adeyemi, are you able to log on today?')).toEqual(['full_name']);
    expect(blocked(after, 'hi zephyrine okonkwo, are you able to log on today?')).toEqual(['full_name']);
    expect(blocked(after, 'Hi Zephyrine, are you able to log on today?')).toEqual([]);
  });
});
