/** Line splitting and byte counting shared by every layout; no Buffer or TextEncoder, so it runs in the mini-program too. */

/** Spaces an export or an e-mail client may put between a name and a time. */
export const SPACE = '[ \\t\\u00a0\\u3000]';

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Lines without their end (CRLF, CR or LF) and without trailing spaces, which exports pad freely. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Drops blank lines at both ends; blank lines inside a body are the sender's paragraphs and stay. */
export function joinBody(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end).join('\n').trim();
}

/** UTF-8 length of one UTF-16 code unit run; a surrogate pair counts 4 in all. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** 1-based line on which the running UTF-8 size first exceeds maxBytes. */
export function lineExceedingBytes(lines: string[], maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    bytes += utf8Length(lines[i]) + 1;
    if (bytes > maxBytes) return i + 1;
  }
  return lines.length;
}
