import type { Cmd } from '../../../domain/student/student.commands';
import type { ListedContact, StudentProfile } from '../../../domain/student/student.events';
import { isToBeDeleted, type CsvRow, type OneRosterFile } from './oneroster.csv';
import { ID_PATTERN, ID_RULE } from '../../../domain/shared/identifier';

export type ImportOutcome =
  'registered' | 'unchanged' | 'enrollment_started' | 'enrollment_ended' | 'skipped' | 'rejected';

/** One line of the per-row report. `line` is the CSV line (null for reconciliation, which has no row). */
export interface ImportReportRow {
  file: OneRosterFile | 'reconcile';
  line: number | null;
  sourcedId: string;
  studentId: string | null;
  outcome: ImportOutcome;
  code?: string;
  message?: string;
}

/** A command planned for one student, with the row it came from. */
export interface PlannedCommand {
  file: OneRosterFile;
  line: number;
  sourcedId: string;
  command: Cmd<'RegisterStudent'> | Cmd<'StartEnrollment'> | Cmd<'EndEnrollment'>;
}

export interface ImportPlan {
  /** Per student, in order: the registration, then enrollments started, then ended. */
  byStudent: Map<string, PlannedCommand[]>;
  /** Rows refused before any command (bad ids, unknown classes, a class without a teacher). */
  refused: ImportReportRow[];
  /** What the import says is active now, for reconciliation: enrollment ids, and the classes and students it covers. */
  activeEnrollmentIds: Set<string>;
  classIds: Set<string>;
  studentIds: Set<string>;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
/** OneRoster agent roles and how the student's record names them. */
const GUARDIAN_ROLES: ReadonlyMap<string, ListedContact['relationship']> = new Map([
  ['parent', 'parent'],
  ['guardian', 'guardian'],
  ['relative', 'other'],
]);
const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const blank = (cell: string | undefined): string | null =>
  cell === undefined || cell.trim() === '' ? null : cell.trim();

/** Turns a parsed OneRoster bundle into the commands it implies, one student at a time. Pure; `today` is YYYY-MM-DD. */
export function planRosterImport(
  files: Record<OneRosterFile, CsvRow[]>,
  districtId: string,
  today: string,
): ImportPlan {
  const plan: ImportPlan = {
    byStudent: new Map(),
    refused: [],
    activeEnrollmentIds: new Set(),
    classIds: new Set(),
    studentIds: new Set(),
  };
  const users = new Map(files.users.map((r) => [r.values.sourcedId!, r]));
  const roles = rolesByUser(files);
  const birthDates = new Map(files.demographics.map((r) => [r.values.sourcedId!, blank(r.values.birthDate)]));
  const classes = new Map(files.classes.filter((r) => !isToBeDeleted(r)).map((r) => [r.values.sourcedId!, r]));
  const teachers = teacherOfClass(files.enrollments);
  const add = (studentId: string, planned: PlannedCommand): void => {
    const queue = plan.byStudent.get(studentId) ?? [];
    queue.push(planned);
    plan.byStudent.set(studentId, queue);
  };
  const refuse = (file: OneRosterFile, row: CsvRow, code: string, message: string): void => {
    plan.refused.push({
      file,
      line: row.line,
      sourcedId: row.values.sourcedId ?? '',
      studentId: null,
      outcome: 'rejected',
      code,
      message,
    });
  };

  for (const row of files.users) {
    const id = row.values.sourcedId!;
    if (!roles.get(id)?.has('student')) continue;
    if (!ID_PATTERN.test(id)) {
      refuse('users', row, 'INVALID_ID', `The sourcedId must be ${ID_RULE}.`);
      continue;
    }
    plan.studentIds.add(id);
    if (isToBeDeleted(row)) continue;
    const profile: StudentProfile = {
      studentId: id,
      districtId,
      firstName: row.values.givenName!,
      lastName: row.values.familyName!,
      preferredName: blank(row.values.preferredGivenName ?? row.values.preferredFirstName),
      dateOfBirth: dateOf(birthDates.get(id)),
      address: null,
      username: blank(row.values.username),
      smsNumber: blank(row.values.sms),
      timeZone: null,
      listedContacts: guardiansOf(row, users, roles),
    };
    add(id, { file: 'users', line: row.line, sourcedId: id, command: { type: 'RegisterStudent', data: profile } });
  }

  for (const row of files.enrollments) {
    const v = row.values;
    if ((v.role ?? '').toLowerCase() !== 'student') continue;
    const studentId = v.userSourcedId!;
    const classRow = classes.get(v.classSourcedId!);
    if (!ID_PATTERN.test(v.sourcedId!) || !ID_PATTERN.test(studentId)) {
      refuse('enrollments', row, 'INVALID_ID', `sourcedId and userSourcedId must be ${ID_RULE}.`);
      continue;
    }
    plan.studentIds.add(studentId);
    const ended = isToBeDeleted(row) || (DATE.test(v.endDate ?? '') && v.endDate!.slice(0, 10) < today);
    if (ended) {
      add(studentId, {
        file: 'enrollments',
        line: row.line,
        sourcedId: v.sourcedId!,
        command: {
          type: 'EndEnrollment',
          data: {
            enrollmentId: v.sourcedId!,
            endedOn: dateOf(v.endDate) ?? today,
            reason: 'Ended in the district roster (OneRoster import).',
          },
        },
      });
      continue;
    }
    if (!classRow) {
      refuse(
        'enrollments',
        row,
        'CLASS_NOT_FOUND',
        `Class ${v.classSourcedId} is not in classes.csv (or is to be deleted).`,
      );
      continue;
    }
    const teacher = teachers.get(v.classSourcedId!);
    const teacherRow = teacher ? users.get(teacher) : undefined;
    if (!teacher || !teacherRow || !ID_PATTERN.test(teacher)) {
      refuse(
        'enrollments',
        row,
        'CLASS_WITHOUT_TEACHER',
        `Class ${v.classSourcedId} has no active teacher enrollment with a user in users.csv.`,
      );
      continue;
    }
    plan.classIds.add(v.classSourcedId!);
    plan.activeEnrollmentIds.add(v.sourcedId!);
    add(studentId, {
      file: 'enrollments',
      line: row.line,
      sourcedId: v.sourcedId!,
      command: {
        type: 'StartEnrollment',
        data: {
          enrollmentId: v.sourcedId!,
          courseId: v.classSourcedId!,
          courseName: classRow.values.title!,
          teacherId: teacher,
          teacherName: `${teacherRow.values.givenName} ${teacherRow.values.familyName}`.trim(),
          startedOn: dateOf(v.beginDate) ?? today,
        },
      },
    });
  }
  // A class in the file counts as covered even when all its students left: its old enrollments are reconciled.
  for (const id of classes.keys()) plan.classIds.add(id);
  // Registration first, then starts, then ends: a student's enrollments need the student.
  const order = { RegisterStudent: 0, StartEnrollment: 1, EndEnrollment: 2 } as const;
  for (const queue of plan.byStudent.values()) queue.sort((a, b) => order[a.command.type] - order[b.command.type]);
  return plan;
}

/** Roles per user: users.csv `role` (1.1), roles.csv (1.2), and the roles users hold in enrollments. */
function rolesByUser(files: Record<OneRosterFile, CsvRow[]>): Map<string, Set<string>> {
  const roles = new Map<string, Set<string>>();
  const note = (user: string | undefined, role: string | undefined): void => {
    if (!user || !role) return;
    const set = roles.get(user) ?? new Set<string>();
    set.add(role.toLowerCase());
    roles.set(user, set);
  };
  for (const r of files.users) note(r.values.sourcedId, r.values.role);
  for (const r of files.roles) if (!isToBeDeleted(r)) note(r.values.userSourcedId, r.values.role);
  for (const r of files.enrollments) note(r.values.userSourcedId, r.values.role);
  return roles;
}

/** The teacher of each class: its active primary teacher, else its first active teacher. */
function teacherOfClass(enrollments: CsvRow[]): Map<string, string> {
  const teachers = new Map<string, { user: string; primary: boolean }>();
  for (const r of enrollments) {
    const v = r.values;
    if ((v.role ?? '').toLowerCase() !== 'teacher' || isToBeDeleted(r)) continue;
    const primary = (v.primary ?? '').toLowerCase() === 'true';
    const known = teachers.get(v.classSourcedId!);
    if (!known || (primary && !known.primary)) teachers.set(v.classSourcedId!, { user: v.userSourcedId!, primary });
  }
  return new Map([...teachers].map(([c, t]) => [c, t.user]));
}

/** FERPA: the people listed for the student (their agents in OneRoster) with their relationship and phone. */
function guardiansOf(student: CsvRow, users: Map<string, CsvRow>, roles: Map<string, Set<string>>): ListedContact[] {
  const contacts: ListedContact[] = [];
  for (const agentId of list(student.values.agentSourcedIds)) {
    const agent = users.get(agentId);
    const role = [...(roles.get(agentId) ?? [])].find((r) => GUARDIAN_ROLES.has(r));
    const relationship = role === undefined ? undefined : GUARDIAN_ROLES.get(role);
    if (!agent || !relationship || isToBeDeleted(agent)) continue;
    contacts.push({
      name: `${agent.values.givenName} ${agent.values.familyName}`.trim(),
      relationship,
      phone: blank(agent.values.sms) ?? blank(agent.values.phone),
    });
  }
  return contacts;
}

const dateOf = (cell: string | null | undefined): string | null => (cell && DATE.test(cell) ? cell.slice(0, 10) : null);
