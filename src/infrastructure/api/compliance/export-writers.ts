import type { ExportFormat, ExportRow } from '../../../application/compliance/record-export.queries';

/** Turns export rows into text, one row at a time, so the response streams and nothing accumulates. */
export interface ExportWriter {
  contentType: string;
  extension: string;
  /** Extra response headers (the HTML page's own content security policy). */
  headers: Record<string, string>;
  begin(header: ExportRow): string;
  row(row: ExportRow): string;
  end(): string;
}

const COLUMNS: readonly (keyof ExportRow)[] = [
  'section',
  'occurredAt',
  'kind',
  'eventType',
  'actorId',
  'actorRole',
  'actorInitials',
  'summary',
  'ref',
  'streamRevision',
  'entryHash',
  'prevHash',
  'correction',
  'details',
];

const cellText = (row: ExportRow, col: keyof ExportRow): string => {
  const v = row[col];
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
};

/** RFC 4180 quoting, and cells a spreadsheet would run as a formula are defused with a leading apostrophe. */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const jsonl: ExportWriter = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'jsonl',
  headers: {},
  begin: (h) => `${JSON.stringify(h)}\n`,
  row: (r) => `${JSON.stringify(r)}\n`,
  end: () => '',
};

const csv: ExportWriter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  headers: {},
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  begin: (h) => `\uFEFF${COLUMNS.join(',')}\r\n${csv.row(h)}`,
  row: (r) => `${COLUMNS.map((c) => csvCell(cellText(r, c))).join(',')}\r\n`,
  end: () => '',
};

const SECTION_TITLES: Record<ExportRow['section'], string> = {
  record: 'Export',
  log: 'Communication log',
  message: 'Messages by thread (current status)',
  access: 'Access record (who read or received this record)',
  end: 'Summary',
};
const HTML_COLUMNS: readonly (keyof ExportRow)[] = [
  'occurredAt',
  'kind',
  'actorId',
  'actorRole',
  'actorInitials',
  'summary',
  'correction',
  'ref',
  'streamRevision',
  'entryHash',
];

/** A printable page (print to PDF from the browser). State between rows: which section's table is open. */
function html(): ExportWriter {
  let section: ExportRow['section'] | null = null;
  const open = (s: ExportRow['section']) => {
    const close = section && section !== 'record' ? '</tbody></table>' : '';
    section = s;
    return `${close}<h2>${SECTION_TITLES[s]}</h2><table><thead><tr>${HTML_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`;
  };
  return {
    contentType: 'text/html; charset=utf-8',
    extension: 'html',
    headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" },
    begin: (h) => {
      section = 'record';
      const meta = h.details as Record<string, unknown>;
      return (
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(h.summary)}</title><style>` +
        'body{font:11px sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}' +
        'th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;word-break:break-word}th{background:#eee}' +
        'tr{page-break-inside:avoid}h2{page-break-after:avoid}</style></head><body>' +
        `<h1>${escapeHtml(h.summary)}</h1><p>Student ${escapeHtml(String(meta.studentId))}, district ${escapeHtml(String(meta.districtId))}. ` +
        `Exported ${escapeHtml(h.occurredAt)} by ${escapeHtml(h.actorId)} (${escapeHtml(h.actorRole)}). Purpose: ${escapeHtml(String(meta.purpose))}. ` +
        `Correlation id ${escapeHtml(String(meta.correlationId))}.</p>`
      );
    },
    row: (r) =>
      `${r.section !== section ? open(r.section) : ''}<tr>${HTML_COLUMNS.map((c) => `<td>${escapeHtml(cellText(r, c))}</td>`).join('')}</tr>`,
    end: () => `${section && section !== 'record' ? '</tbody></table>' : ''}</body></html>\n`,
  };
}

export function exportWriter(format: ExportFormat): ExportWriter {
  return format === 'csv' ? csv : format === 'html' ? html() : jsonl;
}
