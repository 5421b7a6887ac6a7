import type { DistrictSmsPolicy } from '../../../src/domain/district/district.events';
import type { Actor } from '../../../src/domain/shared/actor';
import { DomainError } from '../../../src/domain/shared/domain-error';
import type { DecideContext } from '../../../src/domain/student/decide-context';
import type { StudentCommand } from '../../../src/domain/student/student.commands';
import { decideStudent } from '../../../src/domain/student/student.decide';
import type { StudentEvent } from '../../../src/domain/student/student.events';
import { foldStudent } from '../../../src/domain/student/student.state';

export const NOW = new Date('2019-08-13T16:00:00Z');
export const DISTRICT = 'd1';
export const STUDENT = 's1';
export const policy = (over: Partial<DistrictSmsPolicy> = {}): DistrictSmsPolicy => ({
  districtId: DISTRICT,
  smsAllowed: true,
  timeZone: 'America/Denver',
  quietHours: { start: '08:00', end: '21:00' },
  allowedLinkHosts: [],
  ...over,
});
export const teacher = (id = 't-bell', over: Partial<Actor> = {}): Actor => ({
  id,
  role: 'teacher',
  districtId: DISTRICT,
  initials: 'A.Bell',
  name: 'Amy Bell',
  ...over,
});
export const registrar: Actor = { id: 'r1', role: 'registrar', districtId: DISTRICT, initials: 'R.Reg' };
export const sis: Actor = { id: 'sis', role: 'sis', districtId: DISTRICT };
export const system: Actor = { id: 'twilio', role: 'system', districtId: DISTRICT };
export const studentActor: Actor = { id: STUDENT, role: 'student', districtId: DISTRICT };

export const registered = (over: Partial<StudentEvent['data']> = {}): StudentEvent =>
  ({
    type: 'StudentRegistered',
    data: {
      studentId: STUDENT,
      districtId: DISTRICT,
      firstName: 'Sarah',
      lastName: 'Jones',
      preferredName: null,
      dateOfBirth: '2009-04-17',
      address: '12 Oak Ave',
      username: 'sjones09',
      smsNumber: '+12015550123',
      timeZone: null,
      listedContacts: [],
      ...over,
    },
  }) as StudentEvent;
export const enrolled = (enrollmentId = 'e1', teacherId = 't-bell', courseName = 'ELA 9'): StudentEvent => ({
  type: 'EnrollmentStarted',
  data: {
    studentId: STUDENT,
    enrollmentId,
    courseId: `c-${enrollmentId}`,
    courseName,
    teacherId,
    teacherName: 'Amy Bell',
    startedOn: '2019-08-12',
  },
});
export const queued = (
  messageId = 'm1',
  staffId = 't-bell',
  enrollmentId = 'e1',
  idempotencyKey = `k-${messageId}`,
): StudentEvent => ({
  type: 'SmsQueued',
  data: {
    studentId: STUDENT,
    messageId,
    enrollmentId,
    staffId,
    to: '+12015550123',
    body: 'Hi Sarah',
    idempotencyKey,
    scheduledFor: null,
  },
});

/** given(events).when(command, ctx).then(events) | .thenError(code) */
export function given(...history: StudentEvent[]) {
  return {
    when(command: StudentCommand, actor: Actor = teacher(), district: DistrictSmsPolicy | null = policy()) {
      const ctx: DecideContext = { actor, now: NOW, district };
      const run = () => decideStudent(command, foldStudent(history), ctx);
      return {
        then(expected: StudentEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenError(code: string, kind?: DomainError['kind']) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
          if (kind) expect((error as DomainError).kind).toBe(kind);
          return error as DomainError;
        },
        events: run,
      };
    },
  };
}
