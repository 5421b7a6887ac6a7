import { parse } from 'csv-parse/sync';

/**
 * The OneRoster CSV files this service reads (1.1 and 1.2 column names; extra columns are ignored). A bundle is the
 * content of each file as text; users, classes and enrollments are required, demographics and roles optional.
 */
export interface OneRosterFiles {
  users: string;
  classes: string;
  enrollments: string;
  demographics?: string;
  /** OneRoster 1.2 keeps roles apart from users. */
  roles?: string;
}

export type OneRosterFile = keyof OneRosterFiles;

/** One parsed CSV row with the line it came from (1-based, the header is line 1). */
export interface CsvRow {
  line: number;
  values: Readonly<Record<string, string>>;
}

export class OneRosterFormatError extends Error {
  constructor(
    readonly file: OneRosterFile,
    message: string,
  ) {
    super(`${file}.csv: ${message}`);
    this.name = 'OneRosterFormatError';
  }
}

const REQUIRED_COLUMNS: Record<OneRosterFile, readonly string[]> = {
  users: ['sourcedId', 'givenName', 'familyName'],
  classes: ['sourcedId', 'title'],
  enrollments: ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'],
  demographics: ['sourcedId'],
  roles: ['userSourcedId', 'role'],
};

/** RFC 4180 CSV (quoted fields, embedded commas and line breaks, a UTF-8 BOM) to rows keyed by header names. */
export function parseOneRosterFile(file: OneRosterFile, text: string): CsvRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new OneRosterFormatError(
      file,
      `not valid CSV (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'}).`,
    );
  }
  const [header, ...body] = records;
  if (!header) throw new OneRosterFormatError(file, 'the file is empty; it needs a header row.');
  const missing = REQUIRED_COLUMNS[file].filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new OneRosterFormatError(file, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  return body.map((cells, i) => {
    const values: Record<string, string> = {};
    header.forEach((name, c) => (values[name] = cells[c] ?? ''));
    return { line: i + 2, values };
  });
}

export function parseOneRosterBundle(files: OneRosterFiles): Record<OneRosterFile, CsvRow[]> {
  return {
    users: parseOneRosterFile('users', files.users),
    classes: parseOneRosterFile('classes', files.classes),
    enrollments: parseOneRosterFile('enrollments', files.enrollments),
    demographics: files.demographics ? parseOneRosterFile('demographics', files.demographics) : [],
    roles: files.roles ? parseOneRosterFile('roles', files.roles) : [],
  };
}

/** OneRoster's status column: empty means active (delta files may leave it out). */
export const isToBeDeleted = (row: CsvRow): boolean => (row.values.status ?? '').toLowerCase() === 'tobedeleted';
