/**
 * Rows in the text format of PostgreSQL's COPY (tab between columns, a newline after each row, \N for NULL), for a
 * rebuild's fresh tables (row-writer.ts): `types` are a table's columns with their types (TableSpec.columns), in the
 * order COPY gets them. Each value is the text node-postgres would bind for it in the live
 * statement's arrays (String of a string, number or boolean), so PostgreSQL parses the same value from it with the
 * same input function: the rows are the same whichever way they are written.
 */
export function copyText(types: Readonly<Record<string, string>>, rows: readonly object[]): string {
  const columns = Object.entries(types);
  const lines: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      const [name, type] = columns[c]!;
      const value = row[name];
      if (c > 0) line += '\t';
      line += type === 'text[]' ? escape(arrayLiteral(value, name)) : field(value, name);
    }
    lines[i] = line;
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function field(value: unknown, column: string): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escape(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      // The writers' rows hold text, numbers and booleans only (times and JSON as text): anything else is a mistake.
      throw new TypeError(`COPY of column ${column}: unexpected ${typeof value} value`);
  }
}

/**
 * A text[] column: the array literal of its elements. The live statement passes the array as JSON and takes its
 * elements as text (jsonb_array_elements_text), which fails on anything but an array: so does this.
 */
function arrayLiteral(value: unknown, column: string): string {
  if (!Array.isArray(value)) throw new TypeError(`COPY of column ${column}: not an array`);
  let out = '{';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ',';
    const element: unknown = value[i];
    out += element === null || element === undefined ? 'NULL' : `"${String(element).replace(/[\\"]/g, '\\$&')}"`;
  }
  return out + '}';
}

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY's escapes for the characters that would end a field or a row (most values have none: tested first). */
function escape(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => ESCAPES[ch]!) : text;
}
