import type { ExportRow } from '../../../src/application/compliance/record-export.queries';
import { csvCell, escapeHtml, exportWriter } from '../../../src/infrastructure/api/compliance/export-writers';

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  section: 'log',
  occurredAt: '2026-09-01T10:00:00.000Z',
  kind: 'note',
  eventType: 'NoteAdded',
  actorId: 't-bell',
  actorRole: 'teacher',
  actorInitials: 'A.Bell',
  summary: 'Note by A.Bell: hello',
  ref: 'e1',
  streamRevision: '3',
  entryHash: 'h',
  prevHash: 'p',
  correction: null,
  details: { data: { body: 'hello' } },
  ...over,
});
const header = row({
  section: 'record',
  summary: 'Communication record of student s1',
  details: { studentId: 's1', districtId: 'd1', purpose: 'Parent request', correlationId: 'c1' },
});

describe('export writers', () => {
  it('CSV quotes per RFC 4180 and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b "c"\nd')).toBe('"a,b ""c""\nd"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1 201 555 0123')).toBe("'+1 201 555 0123");
    const w = exportWriter('csv');
    const out = w.begin(header) + w.row(row({ summary: '@SUM(A1)' })) + w.end();
    expect(out.split('\r\n')[2]).toContain(",'@SUM(A1),");
    expect(out.startsWith('\uFEFFsection,occurredAt,')).toBe(true);
  });

  it('JSON Lines writes one object per line', () => {
    const w = exportWriter('jsonl');
    const lines = (w.begin(header) + w.row(row()) + w.end())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.section)).toEqual(['record', 'log']);
  });

  it('the printable page escapes everything and opens one table per section', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>')).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
    const w = exportWriter('html');
    const page =
      w.begin(header) +
      w.row(row({ summary: '<img src=x onerror=alert(1)>' })) +
      w.row(row({ section: 'access', summary: 'Read: log' })) +
      w.end();
    expect(page).not.toContain('<img');
    expect(page.match(/<table>/g)).toHaveLength(2);
    expect(page).toContain('<h2>Communication log</h2>');
    expect(page.endsWith('</tbody></table></body></html>\n')).toBe(true);
    expect(w.headers['Content-Security-Policy']).toContain("default-src 'none'");
  });
});
