/**
 * Messages for batch scanning (the patrol:scan CLI): a file of one message per line, or a CSV with
 * a `text` column. Pure: bytes or a string in, messages or a named error out.
 */

export type MessagesFormat = 'lines' | 'csv';

export type ReadMessagesErrorCode =
  | 'csv_no_text_column' // the header row has no column named text
  | 'csv_unclosed_quote'; // a quoted field runs to the end of the file

export type ReadMessagesResult =
  | { ok: true; messages: string[] }
  | { ok: false; error: { code: ReadMessagesErrorCode; message: string } };

/**
 * Bytes → text. UTF-8 (a BOM is dropped); a file that is not valid UTF-8 is read as GB18030,
 * which is what Excel on a Chinese Windows saves a CSV as.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Lines: every line is one message, blank lines included, so output line N answers input line N
 * (a final newline does not start another message). CSV: one message per record after the header;
 * blank records are skipped.
 */
export function readMessages(content: string, format: MessagesFormat): ReadMessagesResult {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (format === 'lines') {
    if (text.length === 0) return { ok: true, messages: [] };
    const lines = text.split(/\r\n|\n|\r/);
    if (lines[lines.length - 1] === '') lines.pop();
    return { ok: true, messages: lines };
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.records;
  const column = (header ?? []).findIndex((name) => name.trim().toLowerCase() === 'text');
  if (column === -1) {
    return { ok: false, error: { code: 'csv_no_text_column', message: 'CSV 第 1 行（表头）没有 text 列，不知道哪一列是消息内容' } };
  }
  const messages: string[] = [];
  for (const record of records) {
    if (record.length === 1 && record[0] === '') continue;
    messages.push(record[column] ?? '');
  }
  return { ok: true, messages };
}

/**
 * RFC 4180 CSV: comma separated; a field in double quotes may hold commas, line breaks and "" for
 * a quote; records end at CRLF, LF or CR.
 */
export function parseCsv(
  text: string,
): { ok: true; records: string[][] } | { ok: false; error: { code: 'csv_unclosed_quote'; message: string } } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // A quoted field: read to the closing quote.
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= n) {
          return { ok: false, error: { code: 'csv_unclosed_quote', message: `CSV 第 ${openedOn} 行：引号没有闭合` } };
        }
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      // Anything between the closing quote and the next separator is kept as written.
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      // An unquoted run: take it in one slice rather than character by character.
      let j = i + 1;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return { ok: true, records };
}
