/**
 * The benchmark's dataset: who exists and how much history each has. Deterministic (ids are derived from
 * indexes), so the seeding child process and the figures agree without passing lists around.
 *
 * Full size: 100,000 students and 1,000,000 events. The first `hotStudents` have 200 events each (a realistic
 * long history: two enrollments, ~45 texts with their delivery events, replies, notes, calls); the last student is
 * the audit subject with 5,000 events; everyone else has a registration, one enrollment and one delivered text.
 */
export interface DatasetPlan {
  /** Events in the whole log after seeding (regular students get 5 or 6 events to reach it). */
  targetEvents: number;
  students: number;
  hotStudents: number;
  hotEvents: number;
  auditEvents: number;
  teachers: number;
  districts: number;
}

export const FULL_PLAN: DatasetPlan = {
  targetEvents: 1_000_000,
  students: 100_000,
  hotStudents: 2_500,
  hotEvents: 200,
  auditEvents: 5_000,
  teachers: 1_000,
  districts: 4,
};
export const QUICK_PLAN: DatasetPlan = {
  targetEvents: 120_000,
  students: 10_000,
  hotStudents: 300,
  hotEvents: 200,
  auditEvents: 5_000,
  teachers: 100,
  districts: 4,
};
/** `npm run bench -- --only peer`: just the hot students the peer figure texts (bench/peers/). */
export const PEER_PLAN: DatasetPlan = {
  targetEvents: 60_699,
  students: 400,
  hotStudents: 300,
  hotEvents: 200,
  auditEvents: 200,
  teachers: 40,
  districts: 4,
};

export type DatasetSize = 'full' | 'quick' | 'peer';
export const PLANS: Record<DatasetSize, DatasetPlan> = { full: FULL_PLAN, quick: QUICK_PLAN, peer: PEER_PLAN };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const districtId = (d: number): string => `bench-d${d + 1}`;
export const teacherId = (t: number): string => `t${pad(t, 4)}`;
export const studentId = (i: number): string => `s${pad(i, 6)}`;
export const auditStudentIndex = (plan: DatasetPlan): number => plan.students - 1;

export const districtOfStudent = (plan: DatasetPlan, i: number): number => i % plan.districts;

/** A student's two teachers (A and B), both in the student's district. */
export function teachersOfStudent(plan: DatasetPlan, i: number): [number, number] {
  const perDistrict = plan.teachers / plan.districts;
  const d = districtOfStudent(plan, i);
  const slot = Math.floor(i / plan.districts);
  return [(slot % perDistrict) * plan.districts + d, ((slot + 97) % perDistrict) * plan.districts + d];
}

export const enrollmentId = (i: number, k: 1 | 2): string => `e${pad(i, 6)}-${k}`;
export const smsNumberOf = (i: number): string => `+1${201 + Math.floor(i / 10_000)}555${pad(i % 10_000, 4)}`;

const COURSES = [
  'Algebra I',
  'English 9',
  'Biology',
  'World History',
  'Spanish I',
  'Geometry',
  'Chemistry',
  'Art Foundations',
];
export const courseOf = (t: number, k: 1 | 2): { courseId: string; courseName: string } => ({
  courseId: `c${pad(t, 4)}-${k}`,
  courseName: COURSES[(t * 2 + k) % COURSES.length]!,
});

const LAST = ['Bell', 'Ortiz', 'Nguyen', 'Okafor', 'Kowalski', 'Haddad', 'Larsen', 'Moreau'];
export const teacherName = (t: number): string =>
  `${['Amy', 'Raj', 'Lena', 'Tom', 'Ines', 'Sam'][t % 6]} ${LAST[t % LAST.length]}`;
export const teacherInitials = (t: number): string => `${teacherName(t)[0]}.${LAST[t % LAST.length]}`;

/** How many events a student's stream holds in this plan. */
export function eventCountOf(plan: DatasetPlan, i: number): number {
  if (i === auditStudentIndex(plan)) return plan.auditEvents;
  if (i < plan.hotStudents) return plan.hotEvents;
  const regular = plan.students - plan.hotStudents - 1;
  const budget = plan.targetEvents - plan.districts - plan.hotStudents * plan.hotEvents - plan.auditEvents;
  const extra = Math.max(0, budget - regular * 5);
  return 5 + (i - plan.hotStudents < extra ? 1 : 0);
}

export function totalEvents(plan: DatasetPlan): number {
  let n = plan.districts;
  for (let i = 0; i < plan.students; i++) n += eventCountOf(plan, i);
  return n;
}

/**
 * Hot students used by the command figures: a cold slice (each gets exactly one command, so every one of those
 * commands loads the whole 200-event stream) and the rest for the sustained runs.
 */
export function hotSlices(plan: DatasetPlan): { cold: [number, number]; warm: [number, number] } {
  const cold = Math.floor(plan.hotStudents / 3);
  return { cold: [0, cold], warm: [cold, plan.hotStudents] };
}
