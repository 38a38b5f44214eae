/**
 * Every free-text field of every contract is one of these (a test walks each action's schema and finds
 * every string field here, or held to a pattern such as an id's). Pure zod: contracts import it, and the
 * client imports the contracts' types.
 *
 * What a villager types is kept; what no one means to type is removed, once, at the boundary:
 * - C0 and C1 control characters (NUL, BEL, ESC …) and DEL; a single-line field also turns line breaks
 *   and tabs into spaces, a multi-line one keeps `\n` and `\t` (CR LF and CR become `\n`);
 * - bidirectional overrides, embeddings, isolates and marks (U+202E makes `gpj.exe` read as `exe.jpg`);
 * - the BOM / zero-width no-break space and the interlinear annotation characters;
 * - lone surrogates (half an emoji: not a character, and not storable as UTF-8);
 * then the text is NFC-normalised (one code point sequence per visible text, so equal names compare equal).
 * Zero-width joiners stay: emoji sequences need them.
 */
import { z } from 'zod';

/** The schemas made by `text()`: the contract test knows a text field by this mark. */
export const TEXT_SCHEMAS = new WeakSet<object>();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/g;

export function cleanText(raw: string, multiline: boolean): string {
  let s = raw.replace(LONE_SURROGATE, '').replace(/\r\n?|[\u2028\u2029]/g, '\n');
  if (!multiline) s = s.replace(/[\n\t]/g, ' ');
  return s.replace(INVISIBLE, '').normalize('NFC');
}

/** True when `cleanText` would leave the text as it is. */
export function isCleanText(s: string, multiline = true): boolean {
  return cleanText(s, multiline) === s;
}

export interface TextOptions {
  /** characters at least, after cleaning and trimming (default 0) */
  min?: number;
  /** keep line breaks and tabs (a report, a post); otherwise one line (a name, a title) */
  multiline?: boolean;
  /** trim spaces at both ends (default true) */
  trim?: boolean;
}

/** A free-text field of at most `max` characters (counted after cleaning). */
export function text(max: number, options: TextOptions = {}) {
  const { min = 0, multiline = false, trim = true } = options;
  const schema = z
    .string()
    .transform((s) => {
      const cleaned = cleanText(s, multiline);
      return trim ? cleaned.trim() : cleaned;
    })
    .pipe(z.string().min(min).max(max));
  TEXT_SCHEMAS.add(schema);
  return schema;
}
