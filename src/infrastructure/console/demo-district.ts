import { mintToken } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import type { Role } from '../../domain/shared/actor';

export const DEMO_DISTRICT = 'district-demo';

type Caller = { role: Role; sub: string; name?: string; initials?: string };
const SIS: Caller = { role: 'sis', sub: 'sis-demo' };
const ADMIN: Caller = { role: 'school_admin', sub: 'adm-park', name: 'Paul Park', initials: 'P.Park' };
const REGISTRAR: Caller = { role: 'registrar', sub: 'reg-diaz', name: 'Rita Diaz', initials: 'R.Diaz' };
const BELL: Caller = { role: 'teacher', sub: 't-bell', name: 'Amy Bell', initials: 'A.Bell' };
const ORTIZ: Caller = { role: 'teacher', sub: 't-ortiz', name: 'Luis Ortiz', initials: 'L.Ortiz' };

const CONTACTS = [{ name: 'Rosa Jones', relationship: 'parent', phone: '201-555-0166' }];
/** The seed's people: students of Mrs. Bell (and one of Mr. Ortiz), each showing one SMS Enabled case. */
const STUDENTS = [
  {
    studentId: 's-1001',
    firstName: 'Sarah',
    lastName: 'Jones',
    smsNumber: '(201) 555-0123',
    dateOfBirth: '2009-04-17',
    address: '12 Oak Ave',
    username: 'sjones09',
    listedContacts: CONTACTS,
  },
  { studentId: 's-1002', firstName: 'Tim', lastName: 'Brooks', smsNumber: '201.555.0177' },
  { studentId: 's-1003', firstName: 'Becky', lastName: 'Lopez', smsNumber: '+1 201 555 0145' },
  { studentId: 's-1004', firstName: 'Rob', lastName: 'Nguyen' },
  { studentId: 's-1005', firstName: 'Maddie', lastName: 'Carter', smsNumber: '201-555-0155' },
];
const ENROLLMENTS = [
  ['s-1001', 'e-1001-ela', 'ela-9', 'ELA 9', BELL],
  ['s-1001', 'e-1001-cw', 'cw-9', 'Creative Writing', BELL],
  ['s-1001', 'e-1001-bio', 'bio-9', 'Biology', ORTIZ],
  ['s-1002', 'e-1002-alg', 'alg-1', 'Algebra I', BELL],
  ['s-1003', 'e-1003-ela', 'ela-9', 'ELA 9', BELL],
  ['s-1004', 'e-1004-wc', 'wc-9', 'World Cultures', BELL],
  ['s-1005', 'e-1005-ela', 'ela-9', 'ELA 9', BELL],
] as const;

/** The phone network the demo tells its story through: the SMS simulator's routes by default. */
export interface DemoPhoneNetwork {
  /** The carrier refuses texts to this number (E.164). */
  failNumber(number: string): Promise<void>;
  /** A student's text from `from` (E.164) reaches the service. */
  studentTexts(from: string, body: string): Promise<void>;
}

/**
 * The demo district for a newcomer (`npm start` on an empty record) and the browser tests: the seed's story told
 * through the public API with the service's own tokens. Texting on, five students (Sarah with three enrollments,
 * two of them Mrs. Bell's; Tim's number fails at the carrier; Becky's parent asked for no texts; Rob has no SMS
 * number), a delivered welcome text with Sarah's reply, a failed text to Tim, a call and a note.
 * The texting window is the whole day, so the demo texts go out whenever it is started (a district sets its own,
 * e.g. 08:00-21:00). Answers false, doing nothing, when the district already has enrollments.
 */
export async function seedDemoDistrict(
  baseUrl: string,
  config: AppConfig,
  district = DEMO_DISTRICT,
  phoneNetwork?: DemoPhoneNetwork,
): Promise<boolean> {
  const call = async (
    who: Caller,
    method: string,
    path: string,
    body?: unknown,
    expected = [200, 201, 202, 204],
  ): Promise<unknown> => {
    const token = mintToken(config, { ...who, district });
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!expected.includes(res.status))
      throw new Error(`Demo district: ${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res.status === 204 ? null : res.json();
  };
  const network: DemoPhoneNetwork = phoneNetwork ?? {
    failNumber: async (number) => void (await call(ADMIN, 'POST', '/v1/dev/sms-simulator/invalid-numbers', { number })),
    studentTexts: async (from, body) =>
      void (await call(ADMIN, 'POST', '/v1/dev/sms-simulator/replies', { from, body })),
  };
  const current = (await call(ADMIN, 'GET', '/v1/enrollments/current')) as unknown[];
  if (current.length > 0) return false;

  await call(ADMIN, 'PUT', `/v1/districts/${district}/sms-policy`, {
    smsAllowed: true,
    timeZone: 'America/Chicago',
    quietHours: { start: '00:00', end: '23:59' },
    allowedLinkHosts: ['school.example.org'],
    keywordReplies: { schoolName: 'Lakeside Virtual Academy', helpPhone: '(555) 010-0200' },
  });
  for (const student of STUDENTS) await call(SIS, 'POST', '/v1/students', { ...student, timeZone: 'America/Chicago' });
  for (const [studentId, enrollmentId, courseId, courseName, teacher] of ENROLLMENTS) {
    await call(SIS, 'POST', `/v1/students/${studentId}/enrollments`, {
      enrollmentId,
      courseId,
      courseName,
      teacherId: teacher.sub,
      teacherName: teacher.name,
      startedOn: '2026-08-24',
    });
  }
  await network.failNumber('+12015550177');
  await call(BELL, 'POST', '/v1/students/s-1001/sms', {
    body: 'Welcome to ELA class Sarah! I am happy to have you as a student. What are you most looking forward to? - Mrs. Bell',
    enrollmentId: 'e-1001-ela',
    idempotencyKey: 'demo-welcome-s-1001',
  });
  await call(BELL, 'POST', '/v1/students/s-1002/sms', {
    body: "Hi Tim, don't forget about Algebra class, how can I help you get back to work today? - Mrs. Bell",
    idempotencyKey: 'demo-nudge-s-1002',
  });
  await call(REGISTRAR, 'POST', '/v1/students/s-1003/opt-out', { requestedBy: 'parent' });
  await call(BELL, 'POST', '/v1/students/s-1001/calls', {
    direction: 'outbound',
    party: 'parent',
    outcome: 'connected',
    durationSeconds: 240,
    notes: 'Talked about pacing with her mother',
  });
  await call(BELL, 'POST', '/v1/students/s-1001/notes', { body: 'Family prefers phone calls after 4pm' });
  // The student can answer only once the teacher's text went out (teacher first).
  for (let i = 0; i < 100; i += 1) {
    const thread = (await call(BELL, 'GET', '/v1/students/s-1001/threads/t-bell', undefined, [200, 404])) as {
      messages?: { status: string }[];
    };
    if (thread.messages?.some((m) => m.status === 'sent' || m.status === 'delivered')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await network.studentTexts('+12015550123', 'Yes! I can log on today. Excited for the poetry unit');
  return true;
}
