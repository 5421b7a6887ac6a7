import { bellStudent, classStory, type Headers } from '../support/class-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { schoolDayClock } from '../support/test-clock';

const DAY = 86_400_000;
type List = 'notWelcomed' | 'fallingBehind' | 'failedTexts';
interface Page {
  items: { studentId: string; messageId: string | null }[];
  nextCursor: string | null;
}

/** Issue 16, item 3 ("no list is silently capped") for the worklists: every list pages with cursors. */
describe('e2e: worklists page with cursors', () => {
  const clock = schoolDayClock();
  let t: TestApp;
  let bell: Headers, ruiz: Headers, sis: Headers, admin: Headers;
  const dateAgo = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString().slice(0, 10);
  const page = async (list: List, query: Record<string, string | number>, as = bell) =>
    (await t.http.get(`/v1/teachers/t-bell/worklists/${list}`).query(query).set(as).expect(200)).body as Page;
  /** Every page of a list, following the cursors from the combined first page. */
  const walk = async (list: List, limit: number) => {
    const first = (await t.http.get('/v1/teachers/t-bell/worklists').query({ limit }).set(bell).expect(200))
      .body as Record<List, Page['items']> & { nextCursors: Record<List, string | null> };
    const pages = [first[list].map((e) => e.studentId)];
    let cursor = first.nextCursors[list];
    while (cursor !== null) {
      const next = await page(list, { limit, cursor });
      pages.push(next.items.map((e) => e.studentId));
      cursor = next.nextCursor;
    }
    return pages;
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    ({ bell, ruiz, sis, admin } = await classStory(t));
    const students: [string, number, boolean, boolean][] = [
      // id, started days ago, behind, invalid number (its text fails)
      ['amy', 1, false, false],
      ['bob', 2, false, false],
      ['cy', 3, false, false],
      ['dee', 4, false, false],
      ['ed', 5, false, false],
      ['flo', 30, true, false],
      ['gus', 30, true, false],
      ['hal', 30, true, false],
      ['ike', 30, false, true],
      ['jo', 30, false, true],
      ['kai', 30, false, true],
    ];
    for (const [i, [id, startedDaysAgo, behind, invalid]] of students.entries()) {
      const number = `+120155502${String(i).padStart(2, '0')}`;
      if (invalid) await t.http.post('/v1/dev/sms-simulator/invalid-numbers').set(admin).send({ number }).expect(204);
      await bellStudent(t, sis, {
        id,
        smsNumber: number,
        startedOn: dateAgo(startedDaysAgo),
        courseId: 'art-1',
        courseName: 'Art',
      });
      if (behind)
        await t.http
          .post(`/v1/students/${id}/enrollments/enr-${id}/pacing`)
          .set(sis)
          .send({ status: 'behind', asOf: new Date(clock.now().getTime() - (10 + i) * DAY).toISOString() })
          .expect(200);
      if (invalid)
        await t.http
          .post(`/v1/students/${id}/sms`)
          .set(bell)
          .send({ body: 'Hi, how is Art going? - Mrs. Bell', idempotencyKey: `check-in-${id}` })
          .expect(202);
    }
    await eventually(async () => expect((await page('failedTexts', { limit: 10 })).items).toHaveLength(3));
    await t.settle();
  });
  afterAll(() => t.close());

  it('each list goes on past its first page, every row once, in its order', async () => {
    expect(await walk('notWelcomed', 2)).toEqual([['ed', 'dee'], ['cy', 'bob'], ['amy']]);
    expect(await walk('fallingBehind', 2)).toEqual([['hal', 'gus'], ['flo']]);
    const failed = await walk('failedTexts', 2);
    expect(failed.map((p) => p.length)).toEqual([2, 1]);
    expect(failed.flat().sort()).toEqual(['ike', 'jo', 'kai']);
    // A page as large as the list has no next cursor.
    expect(await page('notWelcomed', { limit: 5 })).toMatchObject({ nextCursor: null });
    expect((await page('notWelcomed', { limit: 5 })).items).toHaveLength(5);
  });

  it('refuses a cursor of another list or a made-up one, a bad limit, an unknown list, another teacher; each with its code', async () => {
    const { nextCursor } = await page('failedTexts', { limit: 1 });
    const code = async (path: string, status: number, as = bell) =>
      ((await t.http.get(path).set(as).expect(status)).body as { error: { code: string } }).error.code;
    expect(await code(`/v1/teachers/t-bell/worklists/notWelcomed?cursor=${nextCursor!}`, 400)).toBe('INVALID_CURSOR');
    expect(await code('/v1/teachers/t-bell/worklists/notWelcomed?cursor=bm90LWEtY3Vyc29y', 400)).toBe('INVALID_CURSOR');
    expect(await code('/v1/teachers/t-bell/worklists/notWelcomed?limit=0', 400)).toBe('VALIDATION_FAILED');
    expect(await code('/v1/teachers/t-bell/worklists?limit=501', 400)).toBe('VALIDATION_FAILED');
    expect(await code('/v1/teachers/t-bell/worklists/everyone', 404)).toBe('WORKLIST_NOT_FOUND');
    expect(await code('/v1/teachers/t-bell/worklists/notWelcomed', 403, ruiz)).toBe('FORBIDDEN_TEACHER');
    // A school admin reads any teacher's of the district.
    expect((await page('notWelcomed', { limit: 10 }, admin)).items).toHaveLength(5);
  });
});
