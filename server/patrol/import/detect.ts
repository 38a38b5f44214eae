/**
 * Which layout a text is in, from the first line that only one layout would write. Each layout's first
 * significant line is distinctive (a header, a date ruler, a time-first or name-first line), so the first
 * hit decides; a file none of them recognise is refused rather than guessed at.
 */
import { isBlank, splitLines, stripBom } from './text';
import {
  COMPACT_HEADER,
  DATE_LINE,
  DATE_LINE_LIKE,
  GROUP_HEADER,
  PRIVATE_HEADER,
  SENDER_LINE,
} from './formats/merged-forward';
import { PC_SENDER_LINE } from './formats/pc-copy';
import { TXT_HEAD_LINE } from './formats/wechatmsg-txt';
import { isWechatMsgCsvHeader } from './formats/wechatmsg-csv';
import type { ChatFormat } from './types';

export interface Detection {
  format: ChatFormat;
  /** 1-based line that decided */
  line: number;
}

export function detectFormatInLines(lines: string[]): Detection | null {
  const first = lines.findIndex((l) => !isBlank(l));
  if (first < 0) return null;
  if (isWechatMsgCsvHeader(lines[first])) return { format: 'wechatmsg_csv', line: first + 1 };
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const text = line.trim();
    const format = formatOfLine(line, text);
    if (format) return { format, line: i + 1 };
  }
  return null;
}

function formatOfLine(line: string, text: string): ChatFormat | null {
  if (COMPACT_HEADER.test(text)) return 'merged_forward_compact';
  if (GROUP_HEADER.test(text) || PRIVATE_HEADER.test(text)) return 'merged_forward';
  // Time-first and name-first-with-a-date lines are checked before "name␣␣HH:MM", which they also match.
  if (TXT_HEAD_LINE.test(line)) return 'wechatmsg_txt';
  if (PC_SENDER_LINE.test(line)) return 'pc_copy';
  if (DATE_LINE.test(text) || DATE_LINE_LIKE.test(text) || SENDER_LINE.test(line)) return 'merged_forward';
  return null;
}

/** The layout of a whole text, or null. For a UI that shows what it found before importing. */
export function detectChatFormat(text: string): ChatFormat | null {
  return detectFormatInLines(splitLines(stripBom(text)))?.format ?? null;
}
