/**
 * Bulk check for message templates (`npm run -s cli -- content-check`): one JSON object per input
 * line, `{"student": {...}, "text": "..."}` (optionally `"mediaUrls"` and `"senderNames"`), one JSON
 * verdict per non-blank line, in order (a blocked text's verdict carries each violation's `suggestion`, the
 * `language` read and a `suggestedRewrite` that passes the guard). A bad line gets an error verdict and the run goes on, so one
 * typo doesn't hide the results for a whole file.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type ContentContext, type ContentSubject, previewContent } from '../../../domain/content-policy';

export interface ContentCheckSummary {
  /** Non-blank lines read. */
  lines: number;
  /** Lines whose verdict was not allowed, malformed lines included. */
  blocked: number;
}

interface CheckRequest {
  text: string;
  subject: ContentSubject | null;
  mediaUrls: string[];
  senderNames: string[];
}

export async function runContentCheck(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  context: ContentContext = { allowedLinkHosts: [] },
): Promise<ContentCheckSummary> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  const summary: ContentCheckSummary = { lines: 0, blocked: 0 };
  for await (const raw of reader) {
    lineNumber++;
    if (raw.trim() === '') continue;
    summary.lines++;
    const parsed = parseLine(raw);
    let result: object;
    if (typeof parsed === 'string') {
      result = { allowed: false, error: parsed, line: lineNumber };
    } else {
      const senders = [...(context.senderNames ?? []), ...parsed.senderNames];
      result = previewContent(parsed.text, parsed.subject, { ...context, senderNames: senders }, parsed.mediaUrls);
    }
    if (!('allowed' in result) || result.allowed !== true) summary.blocked++;
    if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
  }
  return summary;
}

/** The request on one line, or a sentence saying what is wrong with it. */
function parseLine(raw: string): CheckRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'This line is not valid JSON.';
  }
  if (!isRecord(value)) return 'Each line must be a JSON object with "student" and "text".';
  if (typeof value.text !== 'string') return 'The "text" field must be a string.';
  const subject = parseStudent(value.student);
  if (typeof subject === 'string') return subject;
  const mediaUrls = stringList(value.mediaUrls, 'mediaUrls');
  if (typeof mediaUrls === 'string') return mediaUrls;
  const senderNames = stringList(value.senderNames, 'senderNames');
  if (typeof senderNames === 'string') return senderNames;
  return { text: value.text, subject, mediaUrls, senderNames };
}

function parseStudent(student: unknown): ContentSubject | null | string {
  if (student === undefined || student === null) return null;
  if (!isRecord(student)) return 'The "student" field must be an object.';
  if (typeof student.firstName !== 'string' || typeof student.lastName !== 'string') {
    return 'The student needs "firstName" and "lastName" as strings.';
  }
  const optional = ['preferredName', 'dateOfBirth', 'address', 'username'] as const;
  const bad = optional.find((k) => student[k] !== undefined && student[k] !== null && typeof student[k] !== 'string');
  if (bad) return `The student's "${bad}" must be a string or null.`;
  const pick = (k: (typeof optional)[number]): string | null => (typeof student[k] === 'string' ? student[k] : null);
  return {
    firstName: student.firstName,
    lastName: student.lastName,
    preferredName: pick('preferredName'),
    dateOfBirth: pick('dateOfBirth'),
    address: pick('address'),
    username: pick('username'),
  };
}

function stringList(value: unknown, field: string): string[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    return `The "${field}" field must be a list of strings.`;
  return value as string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
