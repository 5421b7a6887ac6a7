import type { Response } from 'supertest';
import { allowTexting, auth } from '../support/compliance-story';
import { OpenApiResponseValidator } from '../support/openapi-response-validator';
import { startTestApp, type TestApp } from '../support/test-app';

type Headers = Record<string, string>;
interface Hit {
  studentId: string;
  firstName: string;
  lastName: string;
  enrollments: { courseId: string; teacherId: string }[];
}

/** Issue 16, item 3: find a student by name, id or course within one's scope, and lists page with cursors (none is cut off). */
describe('e2e: finding students, and lists that page', () => {
  let t: TestApp;
  let validator: OpenApiResponseValidator;
  let bell: Headers;
  let registrar: Headers;

  const checked = (res: Response): Response => {
    expect(
      validator.problems(res.request.method, res.request.url, res.status, res.headers['content-type'], res.body),
    ).toEqual([]);
    return res;
  };
  const search = async (as: Headers, query = '') =>
    checked(await t.http.get(`/v1/students${query}`).set(as).expect(200)).body as {
      items: Hit[];
      nextCursor: string | null;
    };
  const ids = (page: { items: Hit[] }) => page.items.map((h) => h.studentId);
  /** Follows a list's pages by X-Next-Cursor; returns every page's items in order. */
  async function allPages<T>(
    path: (cursor: string | null) => string,
    as: Headers,
    cursorOf = (r: Response) => r.headers['x-next-cursor'] as string | undefined,
  ): Promise<T[][]> {
    const pages: T[][] = [];
    for (let cursor: string | null = null; ;) {
      const res = checked(await t.http.get(path(cursor)).set(as).expect(200));
      pages.push(res.body as T[]);
      const next = cursorOf(res);
      if (!next) return pages;
      cursor = next;
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    validator = new OpenApiResponseValidator((await t.http.get('/docs-json').expect(200)).body);
    bell = auth(t.token('teacher', 't-bell'));
    registrar = auth(t.token('registrar', 'reg-1'));
    await allowTexting(t);
    const students: [string, string, string, [string, string, string][]][] = [
      ['s-jones', 'Sarah', 'Jones', [['ela', 'ELA 9', 't-bell']]],
      ['s-smith', 'Sam', 'Smith', [['ela', 'ELA 9', 't-bell']]],
      [
        's-lee',
        'Rob',
        'Lee',
        [
          ['bio', 'Biology', 't-bell'],
          ['wc', 'World Cultures', 't-ruiz'],
        ],
      ],
      ['s-park', 'Sarah', 'Park', [['wc', 'World Cultures', 't-ruiz']]],
      ['s-oneil', 'Tim', "O'Neil", [['wc', 'World Cultures', 't-ruiz']]],
      ['s_zed', 'Zed', 'Zimmer', []],
    ];
    for (const [district, list] of [
      ['d1', students],
      ['d2', [['s-far', 'Sarah', 'Faraway', [['ela', 'ELA 9', 't-bell']]]] as typeof students],
    ] as const) {
      const sis = auth(t.token('sis', 'sis-sync', { district }));
      for (const [studentId, firstName, lastName, enrollments] of list) {
        await t.http
          .post('/v1/students')
          .set(sis)
          .send({ studentId, firstName, lastName, smsNumber: null })
          .expect(201);
        for (const [courseId, courseName, teacherId] of enrollments) {
          await t.http
            .post(`/v1/students/${studentId}/enrollments`)
            .set(sis)
            .send({
              enrollmentId: `e-${studentId}-${courseId}`,
              courseId,
              courseName,
              teacherId,
              teacherName: teacherId,
              startedOn: '2026-08-24',
            })
            .expect(201);
        }
      }
    }
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a teacher finds their own students by name, id or course, and sees only their own enrollments', async () => {
    expect(ids(await search(bell))).toEqual(['s-jones', 's-lee', 's-smith']);
    expect(ids(await search(bell, '?q=sar'))).toEqual(['s-jones']);
    expect(ids(await search(bell, '?q=SARAH%20jo'))).toEqual(['s-jones']);
    expect(ids(await search(bell, '?q=bio'))).toEqual(['s-lee']);
    expect(ids(await search(bell, '?q=s-smith'))).toEqual(['s-smith']);
    expect(ids(await search(bell, '?courseId=ela'))).toEqual(['s-jones', 's-smith']);
    expect(ids(await search(bell, '?q=world'))).toEqual([]);
    expect(ids(await search(bell, '?q=park'))).toEqual([]);
    expect((await search(bell, '?q=rob')).items[0]!.enrollments.map((e) => [e.courseId, e.teacherId])).toEqual([
      ['bio', 't-bell'],
    ]);
  });

  it('school staff search their whole district; wildcards are letters; cursor pages hold every student once', async () => {
    expect(ids(await search(registrar, '?q=sarah'))).toEqual(['s-jones', 's-park']);
    expect((await search(registrar, '?q=rob')).items[0]!.enrollments.map((e) => e.courseId)).toEqual(['bio', 'wc']);
    expect(ids(await search(registrar, "?q=o'n"))).toEqual(['s-oneil']);
    expect(ids(await search(registrar, '?q=s_zed'))).toEqual(['s_zed']);
    expect(ids(await search(registrar, '?q=s%25'))).toEqual([]);
    const everyone = ids(await search(registrar));
    expect(everyone).toEqual(['s-jones', 's-lee', 's-oneil', 's-park', 's-smith', 's_zed']);
    const paged: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Hit[]; nextCursor: string | null } = await search(
        registrar,
        `?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...ids(page));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(everyone);
    expect(ids(await search(auth(t.token('registrar', 'reg-2', { district: 'd2' })), '?q=sarah'))).toEqual(['s-far']);
  });

  it('refuses roles without a record to search, and bad input', async () => {
    const cases: [Headers, string, number, string][] = [
      [auth(t.token('student', 's-jones')), '', 403, 'FORBIDDEN_ROLE'],
      [auth(t.token('sis', 'sis-sync')), '', 403, 'FORBIDDEN_ROLE'],
      [bell, '?cursor=abc', 400, 'INVALID_CURSOR'],
      [bell, '?limit=500', 400, 'VALIDATION_FAILED'],
      [bell, '?q=a%20b%20c%20d%20e%20f', 400, 'VALIDATION_FAILED'],
    ];
    for (const [as, query, status, code] of cases)
      expect(checked(await t.http.get(`/v1/students${query}`).set(as).expect(status)).body.error.code).toBe(code);
  });

  it('Current Enrollments pages with X-Next-Cursor instead of stopping at 1,000 rows', async () => {
    const whole = checked(await t.http.get('/v1/enrollments/current').set(registrar).expect(200));
    expect(whole.headers['x-next-cursor']).toBeUndefined();
    const pages = await allPages<{ enrollmentId: string }>(
      (c) => `/v1/enrollments/current?limit=2${c ? `&cursor=${c}` : ''}`,
      registrar,
    );
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual(whole.body);
    expect(
      checked(await t.http.get('/v1/enrollments/current?cursor=nonsense').set(registrar).expect(400)).body.error.code,
    ).toBe('INVALID_CURSOR');
  });

  it('Current Enrollments finds by q over every page, in the same scope (a teacher: her own enrollments only)', async () => {
    const found = async (as: Headers, query: string) =>
      (
        checked(await t.http.get(`/v1/enrollments/current?${query}`).set(as).expect(200)).body as {
          enrollmentId: string;
        }[]
      ).map((e) => e.enrollmentId);
    // Sarah Park's enrollment is on the third page of two; the search finds it on its first.
    const firstPage = await found(registrar, 'limit=2');
    expect(firstPage).toEqual(['e-s-lee-bio', 'e-s-smith-ela']);
    const park = checked(await t.http.get('/v1/enrollments/current?q=park&limit=2').set(registrar).expect(200));
    expect(park.body.map((e: { enrollmentId: string }) => e.enrollmentId)).toEqual(['e-s-park-wc']);
    expect(park.headers['x-next-cursor']).toBeUndefined();
    const sarahs = await allPages<{ enrollmentId: string }>(
      (c) => `/v1/enrollments/current?q=sarah&limit=1${c ? `&cursor=${c}` : ''}`,
      registrar,
    );
    expect(sarahs.map((p) => p.map((e) => e.enrollmentId))).toEqual([['e-s-jones-ela'], ['e-s-park-wc']]);
    expect(await found(registrar, 'q=SARAH%20jo')).toEqual(['e-s-jones-ela']);
    expect(await found(registrar, 'q=world%20tim')).toEqual(['e-s-oneil-wc']);
    expect(await found(registrar, 'q=s-lee')).toEqual(['e-s-lee-bio', 'e-s-lee-wc']);
    expect(await found(registrar, 'q=wc')).toEqual(['e-s-lee-wc', 'e-s-park-wc', 'e-s-oneil-wc']);
    expect(await found(registrar, 'q=t-ru%20rob')).toEqual(['e-s-lee-wc']);
    expect(await found(registrar, "q=o'n")).toEqual(['e-s-oneil-wc']);
    expect(await found(registrar, 'q=s%25')).toEqual([]);
    expect(await found(registrar, 'q=rob&courseId=bio')).toEqual(['e-s-lee-bio']);
    expect(await found(registrar, 'q=sarah&smsEnabled=yes')).toEqual([]);
    expect(await found(registrar, 'q=%20%20')).toEqual(await found(registrar, ''));
    expect(await found(auth(t.token('registrar', 'reg-2', { district: 'd2' })), 'q=sarah')).toEqual(['e-s-far-ela']);
    // A teacher searches her own enrollments only: Rob's World Cultures and Sarah Park are Mr. Ruiz's.
    expect(await found(bell, 'q=rob')).toEqual(['e-s-lee-bio']);
    expect(await found(bell, 'q=park')).toEqual([]);
    expect(await found(bell, 'q=sarah')).toEqual(['e-s-jones-ela']);
    const refused: [string, number, string][] = [
      ['q=park&teacherId=t-ruiz', 403, 'FORBIDDEN_TEACHER'],
      ['q=a%20b%20c%20d%20e%20f', 400, 'VALIDATION_FAILED'],
      [`q=${'a'.repeat(101)}`, 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of refused)
      expect(
        checked(await t.http.get(`/v1/enrollments/current?${query}`).set(bell).expect(status)).body.error.code,
      ).toBe(code);
  });

  it('the log and the unrouted texts say when there is more', async () => {
    await t.http.post('/v1/students/s-jones/notes').set(bell).send({ body: 'Called home, left a message' }).expect(201);
    await t.http.post('/v1/students/s-jones/notes').set(bell).send({ body: 'Parent called back' }).expect(201);
    for (const from of ['+12015550901', '+12015550902', '+12015550903'])
      await t.http
        .post('/v1/dev/sms-simulator/replies')
        .set(registrar)
        .send({ from, body: 'who is this?' })
        .expect(202);
    await t.settle();
    const log = await allPages<{ streamRevision: string }>(
      (after) => `/v1/students/s-jones/log?limit=1${after ? `&after=${after}` : ''}`,
      registrar,
    );
    const whole = checked(await t.http.get('/v1/students/s-jones/log').set(registrar).expect(200)).body as {
      streamRevision: string;
    }[];
    expect(log.flat()).toEqual(whole);
    expect(log.length).toBe(whole.length);
    const unrouted = await allPages<{ messageId: string }>(
      (c) => `/v1/inbound/unrouted?limit=2${c ? `&cursor=${c}` : ''}`,
      registrar,
    );
    expect(unrouted.map((p) => p.length)).toEqual([2, 1]);
    expect(unrouted.flat()).toEqual(checked(await t.http.get('/v1/inbound/unrouted').set(registrar).expect(200)).body);
  });
});
