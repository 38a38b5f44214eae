/**
 * A. Multi-select → 合并转发, then e-mailed or copied as text:
 *
 *   村民议事群 微信群上的聊天记录如下，请查收。          (or: A 和 B 在微信上的聊天记录如下，请查收。)
 *   —————  2025-03-02  —————
 *   张三  08:12
 *   村口的路灯坏了好几天了
 *
 * The compact variant starts 微信群"村民议事群"的聊天记录如下: and has no blank lines. A sender line is the
 * name, two or more spaces, HH:MM (the LAST such time: a name may end in 营业7:00-19:00).
 */
import type { ParseContext, ParseInput } from '../context';
import { SPACE, isBlank, joinBody } from '../text';
import { isValidDate, isValidTime, wallClockToEpoch } from '../time';
import { classifyBody } from '../placeholders';
import type { ChatMeta } from '../types';

export const GROUP_HEADER = /^(.*?)\s*微信群上的聊天记录如下\s*[，,]\s*请查收\s*[。.]?$/;
export const PRIVATE_HEADER = /^(.+?)\s+和\s+(.+?)\s*在微信上的聊天记录如下\s*[，,]\s*请查收\s*[。.]?$/;
export const COMPACT_HEADER = /^微信群\s*["“”「『]?(.*?)["“”」』]?\s*的聊天记录如下\s*[:：]?$/;
export const DATE_LINE = /^[—–─━]{2,}\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[—–─━]{2,}$/;
/** em-dash rulers around something that is not a readable date */
export const DATE_LINE_LIKE = /^[—–─━]{3,}.*[—–─━]{3,}$/;
/** Anchored at the line's end, so the time is the last "␣␣HH:MM" and anything before it is the name. */
export const SENDER_LINE = new RegExp(
  `^(.*\\S)${SPACE}{2,}(?:(\\d{4})-(\\d{1,2})-(\\d{1,2})${SPACE}+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$`,
);

interface Pending {
  sender: string;
  line: number;
  sentAt: number | null; // null: the time was bad, already reported; swallow the body
  body: string[];
}

export function* parseMergedForward(input: ParseInput, ctx: ParseContext): Generator<number, ChatMeta> {
  const { lines } = input;
  const meta: ChatMeta = {};
  /** 'bad' after an unreadable date line: its messages are not reported a second time */
  let date: { year: number; month: number; day: number } | 'bad' | null = null;
  let current: Pending | null = null;
  let started = false;
  // Lines before the header (an e-mail's greeting or subject) are not part of the record.
  const preamble: number[] = [];

  const flush = (): void => {
    if (!current) return;
    const body = joinBody(current.body);
    if (current.sentAt !== null) {
      if (!body) ctx.fail('import_empty_body', current.line);
      else ctx.add({ sender: current.sender, sentAt: current.sentAt, line: current.line, ...classifyBody(body) });
    }
    current = null;
  };
  const start = (): void => {
    if (started) return;
    started = true;
    for (const line of preamble) ctx.fail('import_orphan_body', line);
  };

  for (let i = 0; i < lines.length && !ctx.stopped; i++) {
    if (i % ctx.progressEveryLines === 0) yield i;
    const line = lines[i];
    const lineNo = i + 1;
    if (isBlank(line)) {
      current?.body.push('');
      continue;
    }
    const text = line.trim();

    const header = matchHeader(text);
    if (header) {
      // A second header means a second record pasted after the first: it starts afresh.
      flush();
      started = true; // what came before the header is its preamble and is dropped
      Object.assign(meta, header);
      date = null;
      continue;
    }

    const d = DATE_LINE.exec(text);
    if (d || DATE_LINE_LIKE.test(text)) {
      start();
      flush();
      const year = Number(d?.[1]);
      const month = Number(d?.[2]);
      const day = Number(d?.[3]);
      if (d && isValidDate(year, month, day)) date = { year, month, day };
      else {
        date = 'bad';
        ctx.fail('import_bad_time', lineNo, d ? `没有 ${d[1]}-${d[2]}-${d[3]} 这一天` : `日期行“${text}”读不出日期`);
      }
      continue;
    }

    const s = SENDER_LINE.exec(line);
    if (s) {
      start();
      flush();
      current = { sender: s[1].trim(), line: lineNo, sentAt: senderTime(s, date, lineNo, ctx), body: [] };
      continue;
    }

    if (current) current.body.push(line);
    else if (!started) preamble.push(lineNo);
    else ctx.fail('import_orphan_body', lineNo);
  }
  if (!ctx.stopped) {
    start();
    flush();
  }
  return meta;
}

function matchHeader(text: string): ChatMeta | null {
  const p = PRIVATE_HEADER.exec(text);
  if (p) return { format: 'merged_forward', participants: [p[1].trim(), p[2].trim()] };
  const g = GROUP_HEADER.exec(text);
  if (g) return { format: 'merged_forward', groupName: g[1].trim() || undefined };
  const c = COMPACT_HEADER.exec(text);
  if (c) return { format: 'merged_forward_compact', groupName: c[1].trim() || undefined };
  return null;
}

function senderTime(
  s: RegExpExecArray,
  date: { year: number; month: number; day: number } | 'bad' | null,
  lineNo: number,
  ctx: ParseContext,
): number | null {
  const [hour, minute, second] = [Number(s[5]), Number(s[6]), s[7] ? Number(s[7]) : 0];
  const written = line(s);
  if (!isValidTime(hour, minute, second)) {
    ctx.fail('import_bad_time', lineNo, `没有 ${written} 这个时间`);
    return null;
  }
  const day = s[2] ? { year: Number(s[2]), month: Number(s[3]), day: Number(s[4]) } : date;
  if (day === 'bad') return null; // the date line was reported already
  if (!day) {
    ctx.fail('import_bad_time', lineNo, '前面没有日期行，不知道是哪一天');
    return null;
  }
  const at = wallClockToEpoch({ ...day, hour, minute, second }, ctx.zone);
  if (at === null) ctx.fail('import_bad_time', lineNo, `没有 ${written} 这个日期`);
  return at;
}

/** the date and time as written, for an error message */
function line(s: RegExpExecArray): string {
  return s[0].slice(s[1].length).trim();
}
