/**
 * Student ids are scoped by district: the same id in two districts names two students. A student's stream is
 * `student-<districtId>/<studentId>` and their access record `access-<districtId>/<studentId>` ("/" is in no id,
 * see shared/identifier.ts, so the name parses back unambiguously).
 *
 * Streams written before ids were scoped are named by the id alone (`student-<id>`, `access-<id>`). They stay as they
 * are (the record is append-only) and are still read and appended to: they belong to the district their registration
 * names (application/shared/student-streams.ts finds which name a student has).
 */
export interface StudentKey {
  districtId: string;
  studentId: string;
}

export const STUDENT_STREAM_PREFIX = 'student-';
export const ACCESS_STREAM_PREFIX = 'access-';
const SEPARATOR = '/';

export const studentKey = (districtId: string, studentId: string): StudentKey => ({ districtId, studentId });

/** The district-scoped stream of a student registered since ids were scoped. */
export const scopedStudentStreamId = (key: StudentKey): string =>
  `${STUDENT_STREAM_PREFIX}${key.districtId}${SEPARATOR}${key.studentId}`;
export const scopedAccessStreamId = (key: StudentKey): string =>
  `${ACCESS_STREAM_PREFIX}${key.districtId}${SEPARATOR}${key.studentId}`;

/** The stream of a student registered before ids were scoped (named by the id alone). */
export const legacyStudentStreamId = (studentId: string): string => `${STUDENT_STREAM_PREFIX}${studentId}`;
export const legacyAccessStreamId = (studentId: string): string => `${ACCESS_STREAM_PREFIX}${studentId}`;

/** What a student or access stream's name says: the student id, and the district unless the name is a legacy one. */
export interface ParsedStudentStream {
  studentId: string;
  /** Null for a legacy stream: its district is the one its registration names. */
  districtId: string | null;
}

function parse(streamId: string, prefix: string): ParsedStudentStream | null {
  if (!streamId.startsWith(prefix)) return null;
  const rest = streamId.slice(prefix.length);
  const at = rest.indexOf(SEPARATOR);
  if (at < 0) return rest ? { studentId: rest, districtId: null } : null;
  const districtId = rest.slice(0, at);
  const studentId = rest.slice(at + 1);
  return districtId && studentId ? { studentId, districtId } : null;
}

export const parseStudentStreamId = (streamId: string): ParsedStudentStream | null =>
  parse(streamId, STUDENT_STREAM_PREFIX);
export const parseAccessStreamId = (streamId: string): ParsedStudentStream | null =>
  parse(streamId, ACCESS_STREAM_PREFIX);
