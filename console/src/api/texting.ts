/** Current Enrollments, a student's profile, Send SMS, threads, the student's own messages, worklists, the policy. */
import type { components } from '../../../client';
import { client, newIdempotencyKey, path, unwrap, unwrapPage, type Page } from './client';
import type {
  CurrentEnrollment,
  DistrictPolicy,
  PortalThread,
  Preview,
  SendResult,
  Student,
  Thread,
  WorklistName,
} from './types';

/** `q`: words, each the start of the student's, the course's or the teacher's name, or the student or course id. */
type EnrollmentQuery = {
  teacherId?: string;
  courseId?: string;
  studentId?: string;
  smsEnabled?: 'yes' | 'no';
  q?: string;
};

/** One page of Current Enrollments (`limit` rows, at most 1,000), with the cursor of the next (`X-Next-Cursor`). */
async function enrollmentsPage(query: EnrollmentQuery, limit: number, cursor?: string | null) {
  return unwrapPage(
    await client.GET('/v1/enrollments/current', {
      params: { query: { ...query, limit, ...(cursor ? { cursor } : {}) } },
    }),
  ) as Page<CurrentEnrollment>;
}

export const texting = {
  enrollmentsPage,
  /** Every page of a narrow query (one student's, one teacher's enrollments): used where a screen needs them all. */
  enrollments: async (query: EnrollmentQuery = {}) => {
    const rows: CurrentEnrollment[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<CurrentEnrollment> = await enrollmentsPage(query, 1000, cursor);
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  },
  student: async (id: string) => {
    const answer = await client.GET('/v1/students/{id}', { params: path(id) });
    return { data: unwrap(answer) as Student, etag: answer.response.headers.get('ETag') };
  },
  preview: async (id: string, body: string) =>
    unwrap(await client.POST('/v1/students/{id}/sms/preview', { params: path(id), body: { body } })) as Preview,
  send: async (id: string, input: { body: string; enrollmentId?: string; sendAt?: string; idempotencyKey: string }) =>
    unwrap(await client.POST('/v1/students/{id}/sms', { params: path(id), body: input })) as SendResult,
  threads: async (id: string) =>
    unwrap(await client.GET('/v1/students/{id}/threads', { params: path(id) })) as Thread[],
  thread: async (id: string, staffId: string) =>
    unwrap(await client.GET('/v1/students/{id}/threads/{staffId}', { params: { path: { id, staffId } } })) as Thread,
  moveReply: async (id: string, messageId: string, toStaffId: string, reason?: string) =>
    unwrap(
      await client.POST('/v1/students/{id}/replies/{messageId}/move', {
        params: { path: { id, messageId } },
        body: { toStaffId, ...(reason ? { reason } : {}) },
      }),
    ),
  worklists: async (teacherId: string) =>
    unwrap(await client.GET('/v1/teachers/{teacherId}/worklists', { params: { path: { teacherId } } })),
  /** The page of one worklist after `cursor` (the nextCursors.{list} of the first page, then each page's nextCursor). */
  worklistPage: async (teacherId: string, list: WorklistName, cursor: string) =>
    unwrap(
      await client.GET('/v1/teachers/{teacherId}/worklists/{list}', {
        params: { path: { teacherId, list }, query: { cursor } },
      }),
    ),
  districtPolicy: async (districtId: string): Promise<DistrictPolicy> =>
    unwrap(await client.GET('/v1/districts/{districtId}/sms-policy', { params: { path: { districtId } } })),
  myThreads: async () => unwrap(await client.GET('/v1/me/threads')) as PortalThread[],
  myThread: async (staffId: string) =>
    unwrap(await client.GET('/v1/me/threads/{staffId}', { params: { path: { staffId } } })) as PortalThread,
  replyAsStudent: async (staffId: string, body: string) =>
    unwrap(await client.POST('/v1/me/threads/{staffId}/replies', { params: { path: { staffId } }, body: { body } })),
  /** Text a class (a course section): every student of it the teacher teaches, each answered on their own. */
  classText: async (
    sectionId: string,
    input: { body?: string; templateId?: string; sendAt?: string; idempotencyKey?: string },
  ) =>
    unwrap(
      await client.POST('/v1/sections/{sectionId}/texts', {
        params: { path: { sectionId } },
        body: { idempotencyKey: newIdempotencyKey(), ...input },
      }),
    ),
  classTextJob: async (jobId: string) =>
    unwrap(await client.GET('/v1/class-texts/{jobId}', { params: { path: { jobId } } })),
  templates: async () => unwrap(await client.GET('/v1/templates')).templates,
  createTemplate: async (input: components['schemas']['CreateTemplateDto']) =>
    unwrap(await client.POST('/v1/templates', { body: input })),
  saveTemplate: async (templateId: string, input: components['schemas']['SaveTemplateDto']) =>
    unwrap(await client.PUT('/v1/templates/{templateId}', { params: { path: { templateId } }, body: input })),
  retireTemplate: async (templateId: string) =>
    unwrap(await client.DELETE('/v1/templates/{templateId}', { params: { path: { templateId } } })),
};
