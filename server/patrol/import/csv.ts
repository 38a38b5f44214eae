/**
 * A small RFC 4180 reader that knows on which line each record starts, which a villager needs to find a
 * broken row, and that a field may span lines. Written here rather than taken from npm: the libraries
 * report record numbers, not lines, and this is fifty lines that also run in the mini-program.
 */

export type CsvRecord =
  | { ok: true; line: number; fields: string[] }
  | { ok: false; line: number; detail: string };

export function* readCsv(text: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let problem: string | null = null;
    for (;;) {
      if (text.charCodeAt(i) === 0x22 /* " */) {
        // Quoted: runs to the next lone quote; "" is a quote; line ends inside are part of the field.
        let value = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            yield { ok: false, line: start, detail: '引号没有闭合' };
            return;
          }
          const chunk = text.slice(i, q);
          line += countLineEnds(chunk);
          value += chunk;
          if (text.charCodeAt(q + 1) === 0x22) {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        fields.push(value.replace(/\r\n?/g, '\n'));
        const c = text[i];
        if (i < n && c !== ',' && c !== '\r' && c !== '\n') {
          problem ??= '引号后面还有多余的字';
          while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 0x2c || c === 0x0d || c === 0x0a) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    yield problem ? { ok: false, line: start, detail: problem } : { ok: true, line: start, fields };
  }
}

function countLineEnds(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x0a) count++;
    else if (c === 0x0d && s.charCodeAt(k + 1) !== 0x0a) count++;
  }
  return count;
}
