/**
 * B. PC WeChat, messages selected and copied with Ctrl-C:
 *
 *   张三 2025/03/02 8:12 AM          (English locale)
 *   张三 2025/3/2 下午 3:05           (Chinese locale; also 2025年3月2日, or a 24-hour 15:05)
 *   村口的路灯坏了好几天了
 *
 * The name may hold spaces; the date and time are taken from the end of the line.
 */
import type { ParseContext, ParseInput } from '../context';
import { SPACE, isBlank, joinBody } from '../text';
import { to24Hour, wallClockToEpoch } from '../time';
import { classifyBody } from '../placeholders';
import type { ChatMeta } from '../types';

export const PC_SENDER_LINE = new RegExp(
  `^(.*\\S)${SPACE}+(\\d{4})(?:/(\\d{1,2})/(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日)` +
    `${SPACE}*(上午|下午|中午|晚上|凌晨|早上)?${SPACE}*(\\d{1,2}):(\\d{2})(?::(\\d{2}))?` +
    `(?:${SPACE}*([AaPp]\\.?[Mm]\\.?))?$`,
);

interface Pending {
  sender: string;
  line: number;
  sentAt: number | null; // null: bad time, already reported
  body: string[];
}

export function* parsePcCopy(input: ParseInput, ctx: ParseContext): Generator<number, ChatMeta> {
  const { lines } = input;
  let current: Pending | null = null;

  const flush = (): void => {
    if (!current) return;
    const body = joinBody(current.body);
    if (current.sentAt !== null) {
      if (!body) ctx.fail('import_empty_body', current.line);
      else ctx.add({ sender: current.sender, sentAt: current.sentAt, line: current.line, ...classifyBody(body) });
    }
    current = null;
  };

  for (let i = 0; i < lines.length && !ctx.stopped; i++) {
    if (i % ctx.progressEveryLines === 0) yield i;
    const line = lines[i];
    const s = PC_SENDER_LINE.exec(line);
    if (s) {
      flush();
      current = { sender: s[1].trim(), line: i + 1, sentAt: pcTime(s, i + 1, ctx), body: [] };
    } else if (current) current.body.push(line);
    else if (!isBlank(line)) ctx.fail('import_orphan_body', i + 1);
  }
  if (!ctx.stopped) flush();
  return { format: 'pc_copy' };
}

function pcTime(s: RegExpExecArray, lineNo: number, ctx: ParseContext): number | null {
  const year = Number(s[2]);
  const month = Number(s[3] ?? s[5]);
  const day = Number(s[4] ?? s[6]);
  const marker = s[7] ?? s[11];
  const hour = to24Hour(Number(s[8]), marker);
  const minute = Number(s[9]);
  const second = s[10] ? Number(s[10]) : 0;
  const at = hour === null ? null : wallClockToEpoch({ year, month, day, hour, minute, second }, ctx.zone);
  if (at === null) {
    ctx.fail('import_bad_time', lineNo, `没有 ${line(s)} 这个时间`);
  }
  return at;
}

/** the date and time as written, for the error message */
function line(s: RegExpExecArray): string {
  return s[0].slice(s[1].length).trim();
}
