import { allowTexting, auth } from './compliance-story';
import { eventually, type TestApp } from './test-app';

/** How the story reaches the phone network: which number a text went from, and a student's text to one of ours. */
export interface PhoneNetwork {
  /** Our number the (only) text with this body went out from. */
  sentFrom(body: string): string | null;
  /** The student's text from their phone to `to` (one of our numbers). */
  reply(from: string, to: string, body: string): Promise<void>;
}

export const STUDENT = 'rob';
const PHONE = '+12015550131';
const BELL_TEXT = 'Hi Rob, this is Mrs. Bell, your teacher for Biology. Are you able to log on today and work?';
const RUIZ_TEXT = 'Hi Rob, great work this week in your World Cultures class! - Mr. Ruiz';

type Headers = Record<string, string>;

interface Reply {
  messageId: string;
  body: string;
  direction: string;
  mayBeForAnotherStaffMember: boolean;
  movedFromStaffId: string | null;
  receivedOn: string | null;
}

/**
 * The seed's "more than one enrollment": Rob takes Biology with Mrs. Bell and World Cultures with Mr. Ruiz. Both text
 * him (Mr. Ruiz last); he answers each from his phone; a third text reaches a number of ours no thread of his uses
 * (so routing falls back to who texted last, Mr. Ruiz, and flags it), and Mr. Ruiz moves it to Mrs. Bell. Each
 * teacher reads exactly the replies meant for them. Returns the tokens, for the caller's own checks.
 */
export async function runTwoTeacherStory(t: TestApp, network: PhoneNetwork, unusedNumberOfOurs: string) {
  const sis = auth(t.token('sis', 'sis-sync'));
  const bell = auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
  const ruiz = auth(t.token('teacher', 't-ruiz', { initials: 'C.Ruiz', name: 'Carlos Ruiz' }));
  await allowTexting(t);
  await t.http
    .post('/v1/students')
    .set(sis)
    .send({ studentId: STUDENT, firstName: 'Rob', lastName: 'Lee', smsNumber: PHONE })
    .expect(201);
  for (const [enrollmentId, courseId, courseName, teacherId, teacherName] of [
    ['enr-bio', 'bio', 'Biology', 't-bell', 'Amy Bell'],
    ['enr-wc', 'wc', 'World Cultures', 't-ruiz', 'Carlos Ruiz'],
  ]) {
    await t.http
      .post(`/v1/students/${STUDENT}/enrollments`)
      .set(sis)
      .send({ enrollmentId, courseId, courseName, teacherId, teacherName, startedOn: '2026-08-24' })
      .expect(201);
  }
  await t.settle();
  await t.http
    .post(`/v1/students/${STUDENT}/sms`)
    .set(bell)
    .send({ body: BELL_TEXT, idempotencyKey: 'bell-0001' })
    .expect(202);
  await t.http
    .post(`/v1/students/${STUDENT}/sms`)
    .set(ruiz)
    .send({ body: RUIZ_TEXT, idempotencyKey: 'ruiz-0001' })
    .expect(202);
  const thread = async (staffId: string, as: Headers) =>
    (await t.http.get(`/v1/students/${STUDENT}/threads/${staffId}`).set(as).expect(200)).body.messages as Reply[];
  await eventually(async () => {
    for (const [staffId, as] of [
      ['t-bell', bell],
      ['t-ruiz', ruiz],
    ] as const)
      expect((await thread(staffId, as)).map((m) => (m as unknown as { status: string }).status)).toEqual([
        'delivered',
      ]);
  });

  // Two threads of one student, two numbers.
  const bellNumber = network.sentFrom(BELL_TEXT)!;
  const ruizNumber = network.sentFrom(RUIZ_TEXT)!;
  expect(bellNumber).toMatch(/^\+1\d{10}$/);
  expect(ruizNumber).toMatch(/^\+1\d{10}$/);
  expect(bellNumber).not.toBe(ruizNumber);

  // Rob answers Mrs. Bell although Mr. Ruiz texted last, then Mr. Ruiz; then texts a number no thread of his uses.
  await network.reply(PHONE, bellNumber, 'Yes Mrs. Bell, I can log on after lunch');
  await network.reply(PHONE, ruizNumber, 'Thanks Mr. Ruiz!');
  await network.reply(PHONE, unusedNumberOfOurs, 'Mrs. Bell, is the lab due Friday?');
  const inbound = async (staffId: string, as: Headers) =>
    (await thread(staffId, as)).filter((m) => m.direction === 'inbound');
  await eventually(async () => {
    expect((await inbound('t-bell', bell)).map((m) => [m.body, m.receivedOn, m.mayBeForAnotherStaffMember])).toEqual([
      ['Yes Mrs. Bell, I can log on after lunch', bellNumber, false],
    ]);
    expect((await inbound('t-ruiz', ruiz)).map((m) => [m.body, m.mayBeForAnotherStaffMember])).toEqual([
      ['Thanks Mr. Ruiz!', false],
      ['Mrs. Bell, is the lab due Friday?', true],
    ]);
  });

  // Mrs. Bell cannot move what is not in her thread; Mr. Ruiz, who received it, moves it to her (again: no change).
  const misrouted = (await inbound('t-ruiz', ruiz)).find((m) => m.mayBeForAnotherStaffMember)!;
  const move = (as: Headers, body: object, messageId = misrouted.messageId) =>
    t.http.post(`/v1/students/${STUDENT}/replies/${messageId}/move`).set(as).send(body);
  expect((await move(bell, { toStaffId: 't-bell' }).expect(403)).body.error.code).toBe('NOT_HOLDER_OF_REPLY');
  const moved = await move(ruiz, { toStaffId: 't-bell', reason: 'Asks Mrs. Bell about the lab' }).expect(200);
  expect(moved.body).toMatchObject({ messageId: misrouted.messageId, staffId: 't-bell', changed: true });
  expect(
    (await move(ruiz, { toStaffId: 't-bell', reason: 'Asks Mrs. Bell about the lab' }).expect(200)).body,
  ).toMatchObject({ staffId: 't-bell', changed: false });
  await eventually(async () => {
    expect((await inbound('t-bell', bell)).map((m) => [m.body, m.movedFromStaffId])).toEqual([
      ['Yes Mrs. Bell, I can log on after lunch', null],
      ['Mrs. Bell, is the lab due Friday?', 't-ruiz'],
    ]);
    expect((await inbound('t-ruiz', ruiz)).map((m) => m.body)).toEqual(['Thanks Mr. Ruiz!']);
  });
  await t.settle();
  const log = (
    await t.http
      .get(`/v1/students/${STUDENT}/log`)
      .set(auth(t.token('registrar', 'reg-1')))
      .expect(200)
  ).body as { kind: string; summary: string }[];
  expect(log.filter((e) => e.kind === 'sms_inbound').map((e) => e.summary)).toEqual([
    'Reply from student (text): "Yes Mrs. Bell, I can log on after lunch"',
    'Reply from student (text): "Thanks Mr. Ruiz!"',
    'Reply from student (text) to t-ruiz, may be meant for another staff member: "Mrs. Bell, is the lab due Friday?"',
  ]);
  expect(log.filter((e) => e.kind === 'sms_moved').map((e) => e.summary)).toEqual([
    `Reply ${misrouted.messageId} moved from t-ruiz's thread to t-bell's by C.Ruiz (Asks Mrs. Bell about the lab)`,
  ]);
  return { bell, ruiz, misrouted: misrouted.messageId, move };
}
