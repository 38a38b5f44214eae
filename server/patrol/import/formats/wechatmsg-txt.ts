/**
 * C. TXT written by export tools such as WeChatMsg (留痕):
 *
 *   2025-03-02 08:12:33 张三
 *   村口的路灯坏了好几天了
 *   引用:李四:哪个路口？                  (a reply: the quoted message comes after the reply)
 *
 *   2025-03-02 08:13:10 "李四" 撤回了一条消息   (a system line: a time and text, nothing under it)
 *
 * Entries are separated by blank lines, but a body may hold blank lines of its own, so an entry runs to
 * the next time line.
 */
import type { ParseContext, ParseInput } from '../context';
import { SPACE, isBlank, joinBody } from '../text';
import { wallClockToEpoch } from '../time';
import { classifyBody, isSystemText } from '../placeholders';
import type { ChatMeta, ParsedMessage } from '../types';

export const TXT_HEAD_LINE = new RegExp(
  `^(\\d{4})-(\\d{1,2})-(\\d{1,2})${SPACE}+(\\d{1,2}):(\\d{2}):(\\d{2})(?:${SPACE}+(.*))?$`,
);
const QUOTE_LINE = /^引用\s*[:：]\s*(.*)$/;

interface Pending {
  head: string;
  line: number;
  sentAt: number | null; // null: bad time or bad line, already reported
  body: string[];
}

export function* parseWechatMsgTxt(input: ParseInput, ctx: ParseContext): Generator<number, ChatMeta> {
  const { lines } = input;
  let current: Pending | null = null;

  const flush = (): void => {
    if (current && current.sentAt !== null) ctx.add(toMessage(current, current.sentAt, ctx));
    current = null;
  };

  for (let i = 0; i < lines.length && !ctx.stopped; i++) {
    if (i % ctx.progressEveryLines === 0) yield i;
    const line = lines[i];
    const h = TXT_HEAD_LINE.exec(line);
    if (h) {
      flush();
      const head = (h[7] ?? '').trim();
      let sentAt: number | null = null;
      if (!head) ctx.fail('import_bad_line', i + 1, '只有时间，没有发言人或内容');
      else {
        const [year, month, day, hour, minute, second] = h.slice(1, 7).map(Number);
        sentAt = wallClockToEpoch({ year, month, day, hour, minute, second }, ctx.zone);
        if (sentAt === null) ctx.fail('import_bad_time', i + 1, `没有 ${line.slice(0, line.length - head.length).trim()} 这个时间`);
      }
      current = { head, line: i + 1, sentAt, body: [] };
    } else if (current) current.body.push(line);
    else if (!isBlank(line)) ctx.fail('import_orphan_body', i + 1);
  }
  if (!ctx.stopped) flush();
  return { format: 'wechatmsg_txt' };
}

function toMessage(p: Pending, sentAt: number, ctx: ParseContext): ParsedMessage {
  const bodyLines = trimmedLines(p.body);
  // Nothing under the time line: the text on it is a notice such as a recall.
  if (bodyLines.length === 0) return { sender: '', sentAt, text: p.head, kind: 'system', line: p.line };
  const sender = ctx.selfOr(p.head);

  // A reply: the reply's lines, then 引用:<name>:<quoted text> (which may itself run on for lines).
  const q = lastQuoteLine(bodyLines);
  if (q > 0) {
    const quoted = [QUOTE_LINE.exec(bodyLines[q])![1], ...bodyLines.slice(q + 1)].join('\n');
    const text = joinBody(bodyLines.slice(0, q));
    const sep = quoted.search(/[:：]/);
    const quote = sep > 0 ? { sender: quoted.slice(0, sep).trim(), text: quoted.slice(sep + 1).trim() } : undefined;
    // 引用:未知 — the tool could not find the quoted message.
    return quote ? { sender, sentAt, text, kind: 'quote', quote, line: p.line } : { sender, sentAt, text, kind: 'quote', line: p.line };
  }

  const body = joinBody(bodyLines);
  // Some tool versions write notices under a name line, like a message.
  if (isSystemText(body)) return { sender: '', sentAt, text: body, kind: 'system', line: p.line };
  return { sender, sentAt, line: p.line, ...classifyBody(body) };
}

function trimmedLines(lines: string[]): string[] {
  const body = joinBody(lines);
  return body ? body.split('\n') : [];
}

function lastQuoteLine(lines: string[]): number {
  for (let i = lines.length - 1; i > 0; i--) if (QUOTE_LINE.test(lines[i])) return i;
  return -1;
}
