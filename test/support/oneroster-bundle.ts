/** Builds OneRoster 1.1-style CSV bundles for tests and the bench: students, teachers, guardians, classes, enrollments. */
export interface RosterSpec {
  students: number;
  /** Classes (each with one teacher); students are spread over them, `perStudent` classes each. */
  classes: number;
  perStudent: number;
  /** Prefix of every id, so several bundles can live in one database. */
  prefix?: string;
}

const csvLine = (cells: (string | number)[]): string =>
  cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');

export function rosterBundle(spec: RosterSpec): {
  users: string;
  classes: string;
  enrollments: string;
  demographics: string;
} {
  const p = spec.prefix ?? 'or';
  const users = [
    csvLine([
      'sourcedId',
      'status',
      'dateLastModified',
      'enabledUser',
      'orgSourcedIds',
      'role',
      'username',
      'givenName',
      'familyName',
      'sms',
      'agentSourcedIds',
    ]),
  ];
  const classes = [csvLine(['sourcedId', 'status', 'dateLastModified', 'title', 'courseSourcedId', 'schoolSourcedId'])];
  const enrollments = [
    csvLine([
      'sourcedId',
      'status',
      'dateLastModified',
      'classSourcedId',
      'schoolSourcedId',
      'userSourcedId',
      'role',
      'primary',
      'beginDate',
      'endDate',
    ]),
  ];
  const demographics = [csvLine(['sourcedId', 'status', 'dateLastModified', 'birthDate'])];
  for (let c = 0; c < spec.classes; c++) {
    users.push(
      csvLine([
        `${p}-t${c}`,
        'active',
        '2026-08-01',
        'true',
        'sch1',
        'teacher',
        `teacher${c}`,
        'Amy',
        `Teacher${c}`,
        '',
        '',
      ]),
    );
    classes.push(csvLine([`${p}-c${c}`, 'active', '2026-08-01', `Course ${c}, Section A`, `course${c}`, 'sch1']));
    enrollments.push(
      csvLine([
        `${p}-et${c}`,
        'active',
        '2026-08-01',
        `${p}-c${c}`,
        'sch1',
        `${p}-t${c}`,
        'teacher',
        'true',
        '2026-08-24',
        '',
      ]),
    );
  }
  for (let s = 0; s < spec.students; s++) {
    const phone = `+1201555${String(s % 10_000).padStart(4, '0')}`;
    users.push(
      csvLine([`${p}-g${s}`, 'active', '2026-08-01', 'true', 'sch1', 'guardian', '', 'Pat', `Parent${s}`, '', '']),
    );
    users.push(
      csvLine([
        `${p}-s${s}`,
        'active',
        '2026-08-01',
        'true',
        'sch1',
        'student',
        `student${s}`,
        'Sam',
        `Student${s}`,
        phone,
        `${p}-g${s}`,
      ]),
    );
    demographics.push(csvLine([`${p}-s${s}`, 'active', '2026-08-01', '2010-04-17']));
    for (let k = 0; k < spec.perStudent; k++) {
      const c = (s + k) % spec.classes;
      enrollments.push(
        csvLine([
          `${p}-e${s}-${c}`,
          'active',
          '2026-08-01',
          `${p}-c${c}`,
          'sch1',
          `${p}-s${s}`,
          'student',
          'false',
          '2026-08-24',
          '',
        ]),
      );
    }
  }
  const text = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;
  return {
    users: text(users),
    classes: text(classes),
    enrollments: text(enrollments),
    demographics: text(demographics),
  };
}
