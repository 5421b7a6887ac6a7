import type { Role } from '../../../src/domain/shared/actor';

/**
 * Every route x every kind of caller x same or foreign district, with the exact status expected. The columns:
 * the teacher of the student (an active enrollment), a teacher who does not teach them, registrar, school admin,
 * compliance, analytics, the SIS, the student, another student; then the same people from another district.
 * Compliance never sends or changes anything; analytics reads only /v1/analytics; nobody reads across districts.
 * Student ids are scoped by district: in the other district, m-main is an id nobody registered, so whoever may reach
 * a student there is answered 404 STUDENT_NOT_FOUND (as for any unknown id), never 403 (which would say it exists).
 */
export const WHO = [
  'teacherOf',
  'teacherNot',
  'registrar',
  'school_admin',
  'compliance',
  'analytics',
  'sis',
  'student',
  'otherStudent',
] as const;
export type Who = (typeof WHO)[number];
export const ACTOR: Record<Who, { role: Role; sub: string }> = {
  teacherOf: { role: 'teacher', sub: 't-main' },
  teacherNot: { role: 'teacher', sub: 't-other' },
  registrar: { role: 'registrar', sub: 'reg-1' },
  school_admin: { role: 'school_admin', sub: 'adm-1' },
  compliance: { role: 'compliance', sub: 'comp-1' },
  analytics: { role: 'analytics', sub: 'ana-1' },
  sis: { role: 'sis', sub: 'sis-1' },
  student: { role: 'student', sub: 'm-main' },
  otherStudent: { role: 'student', sub: 'm-other' },
};

export interface Cell {
  who: Who;
  district: 'd1' | 'd2';
  n: number;
}
export interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The route as Nest registered it (checked against the app: every mounted route must be here). */
  route: string;
  path: (f: Fixture) => string;
  body?: (c: Cell, f: Fixture) => object;
  /** Expected status per column, in WHO order. */
  same: string;
  foreign: string;
  anonymous?: number;
  /** An endless answer (Server-Sent Events): the status is read from the first bytes, then the client hangs up. */
  stream?: true;
}
export interface Fixture {
  noteId: string;
  noteInErrorId: string;
  callId: string;
  messageId: string;
  replyId: string;
  classTextId: string;
}

export const ALL_403 = '403 403 403 403 403 403 403 403 403';
export const policy = {
  smsAllowed: true,
  timeZone: 'America/Chicago',
  quietHours: { start: '08:00', end: '21:00' },
  allowedLinkHosts: [],
};
export const C = '/v1/compliance/students/m-main';
