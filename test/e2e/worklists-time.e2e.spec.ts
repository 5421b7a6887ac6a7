import { bellStudent, classStory, type Headers } from '../support/class-story';
import { startTestApp, type TestApp } from '../support/test-app';
import { localDate, localInstant, TestClock } from '../support/test-clock';

const ZONE = 'America/Chicago'; // the district's, in its SMS policy (allowTexting)
const DAY = 86_400_000;
/** Dates and instants `n` days before today in Chicago. */
const local = {
  dateBefore: (n: number) => localDate(ZONE, n),
  at: (n: number, hh: number, mm: number) => localInstant(ZONE, n, hh, mm),
};

/**
 * Issue 16, item 6: "started 7 days ago or less" and "not contacted in 7 days" count the district's days, in the
 * time zone of its SMS policy. At 20:30 in Chicago it is already tomorrow in UTC, and 7 days of 24 hours back from
 * now fall in the middle of a Chicago day: both would put the boundary on the wrong day.
 */
describe('e2e: worklists count days in the district time zone', () => {
  // 20:30 in Chicago: 01:30 or 02:30 the next day in UTC.
  const clock = new TestClock(local.at(0, 20, 30));
  let t: TestApp;
  let bell: Headers;
  let sis: Headers;

  const enroll = (id: string, startedOn: string) =>
    bellStudent(t, sis, { id, smsNumber: '+12015550150', startedOn, courseId: 'bio-1', courseName: 'Biology' });
  const worklists = async () =>
    (await t.http.get('/v1/teachers/t-bell/worklists').set(bell).expect(200)).body as {
      timeZone: string;
      notWelcomed: { studentId: string; startedOn: string }[];
      fallingBehind: { studentId: string }[];
    };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    ({ bell, sis } = await classStory(t));
    // The UTC date is one day ahead of Chicago's at this hour: the premise of every case below.
    expect(clock.now().toISOString().slice(0, 10)).toBe(local.dateBefore(-1));
  });
  afterAll(() => t.close());

  it('not yet welcomed: started 7 Chicago days ago is listed, "today" in UTC (tomorrow in Chicago) is not yet', async () => {
    await enroll('sevenago', local.dateBefore(7)); // UTC's "today - 7" is a day later: UTC would leave it out
    await enroll('eightago', local.dateBefore(8));
    await enroll('today', local.dateBefore(0));
    await enroll('tomorrow', local.dateBefore(-1)); // UTC's today: UTC would list a course that has not started
    await t.settle();
    const lists = await worklists();
    expect(lists.timeZone).toBe(ZONE);
    expect(lists.notWelcomed.map((e) => [e.studentId, e.startedOn])).toEqual([
      ['sevenago', local.dateBefore(7)],
      ['today', local.dateBefore(0)],
    ]);
  });

  it('falling behind: a call early on the Chicago day 7 days ago counts as contact in 7 days; one late the day before does not', async () => {
    for (const id of ['early7', 'late8', 'never']) {
      await enroll(id, local.dateBefore(20));
      await t.http
        .post(`/v1/students/${id}/enrollments/enr-${id}/pacing`)
        .set(sis)
        .send({ status: 'behind', asOf: local.at(12, 9, 0).toISOString() })
        .expect(200);
    }
    // 00:30 on the day 7 days ago: 7 days and 20 hours before now, earlier than "now - 7 x 24 h", and on the UTC
    // calendar a day earlier than UTC's "today - 7". In the district's days it is 7 days ago: contacted.
    const early7 = local.at(7, 0, 30);
    expect(clock.now().getTime() - early7.getTime()).toBeGreaterThan(7 * DAY);
    // 23:30 on the day 8 days ago: not in the last 7 of the district's days.
    const late8 = local.at(8, 23, 30);
    for (const [id, at] of [
      ['early7', early7],
      ['late8', late8],
    ] as const) {
      await t.http
        .post(`/v1/students/${id}/communications`)
        .set(bell)
        .send({ kind: 'call', party: 'parent', outcome: 'connected', occurredAt: at.toISOString() })
        .expect(201);
    }
    await t.settle();
    expect((await worklists()).fallingBehind.map((e) => e.studentId)).toEqual(['late8', 'never']);

    // Half an hour later it is 21:00 in Chicago, still the same district day: nothing moves.
    clock.advance(30 * 60_000);
    expect((await worklists()).fallingBehind.map((e) => e.studentId)).toEqual(['late8', 'never']);
    // Past Chicago's midnight the day turns: the call of 7 days ago is now 8 days ago.
    clock.set(local.at(-1, 0, 5));
    expect((await worklists()).fallingBehind.map((e) => e.studentId)).toEqual(['early7', 'late8', 'never']);
  });
});
