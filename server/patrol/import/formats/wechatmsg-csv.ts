/**
 * C. CSV written by WeChatMsg (留痕), UTF-8 with a BOM:
 *
 *   localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
 *
 * Columns are found by name, so an older export without Remark/NickName/Sender still reads. CreateTime
 * (seconds since the epoch) is the instant; StrTime, a local wall-clock time, is used only without it.
 */
import type { ParseContext, ParseInput } from '../context';
import { readCsv } from '../csv';
import { wallClockToEpoch } from '../time';
import { KIND_LABELS } from '../placeholders';
import type { ChatMeta, ParsedMessage } from '../types';

const REQUIRED = ['Type', 'StrContent'] as const;
const OPTIONAL = ['SubType', 'IsSender', 'CreateTime', 'StrTime', 'TalkerId', 'Remark', 'NickName', 'Sender'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** WeChat's message types (the Type column). */
const MSG_TYPE = {
  TEXT: 1,
  IMAGE: 3,
  VOICE: 34,
  CONTACT_CARD: 42, // 名片
  VIDEO: 43,
  STICKER: 47,
  LOCATION: 48,
  APP: 49, // SubType tells which
  CALL: 50,
  SYSTEM: 10000,
  REVOKE: 10002,
} as const;

/** SubType of an app message (Type 49). */
const APP_SUBTYPE = { LINK: 5, FILE: 6, CHAT_RECORD: 19, MINI_PROGRAM: 33, MINI_PROGRAM_2: 36, QUOTE: 57, TRANSFER: 2000, RED_PACKET: 2001 } as const;

export function isWechatMsgCsvHeader(firstLine: string): boolean {
  const names = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.includes('type') && names.includes('strcontent');
}

export function* parseWechatMsgCsv(input: ParseInput, ctx: ParseContext): Generator<number, ChatMeta> {
  const meta: ChatMeta = { format: 'wechatmsg_csv' };
  let columns: Partial<Record<Column, number>> | null = null;
  let width = 0;
  let nextProgress = 0;

  for (const record of readCsv(input.text)) {
    if (ctx.stopped) break;
    if (record.line >= nextProgress) {
      yield record.line - 1;
      nextProgress = record.line + ctx.progressEveryLines;
    }
    if (!record.ok) {
      ctx.fail('import_bad_csv_row', record.line, record.detail);
      continue;
    }
    const { fields, line } = record;
    if (fields.length === 1 && fields[0].trim() === '') continue;
    if (!columns) {
      columns = headerColumns(fields);
      width = fields.length;
      const missing = REQUIRED.filter((c) => columns![c] === undefined);
      if (columns.CreateTime === undefined && columns.StrTime === undefined) missing.push('CreateTime' as never);
      if (missing.length) {
        ctx.fail('import_csv_missing_column', line, `缺少 ${missing.join('、')}`);
        return meta;
      }
      continue;
    }
    if (fields.length !== width) {
      ctx.fail('import_bad_csv_row', line, `应有 ${width} 列，这一行有 ${fields.length} 列`);
      continue;
    }
    const get = (c: Column): string => (columns![c] === undefined ? '' : fields[columns![c]!].trim());
    const message = rowToMessage(get, line, ctx);
    if (!message) continue;
    if (meta.groupName === undefined && get('TalkerId').includes('@chatroom')) {
      meta.groupName = get('Remark') || get('NickName') || undefined;
    }
    ctx.add(message);
  }
  return meta;
}

function headerColumns(fields: string[]): Partial<Record<Column, number>> {
  const byName = new Map(fields.map((f, i) => [f.trim().toLowerCase(), i] as const));
  const columns: Partial<Record<Column, number>> = {};
  for (const c of [...REQUIRED, ...OPTIONAL]) {
    const i = byName.get(c.toLowerCase());
    if (i !== undefined) columns[c] = i;
  }
  return columns;
}

function rowToMessage(get: (c: Column) => string, line: number, ctx: ParseContext): ParsedMessage | null {
  const typeText = get('Type');
  if (!/^\d+$/.test(typeText)) {
    ctx.fail('import_bad_csv_row', line, `消息类型“${typeText}”不是数字`);
    return null;
  }
  const type = Number(typeText);
  const sentAt = rowTime(get('CreateTime'), get('StrTime'), ctx);
  if (sentAt === null) {
    ctx.fail('import_bad_time', line, get('StrTime') || get('CreateTime') ? `读不出时间 ${get('StrTime') || get('CreateTime')}` : '没有时间');
    return null;
  }
  const content = rowContent(type, Number(get('SubType')), get('StrContent'));
  if (content.kind === 'system') return { sender: '', sentAt, line, ...content };
  if (!content.text) {
    ctx.fail('import_empty_body', line);
    return null;
  }
  // WeChatMsg writes 我 for one's own messages; Remark/NickName name the other side of a private chat.
  const isSelf = get('IsSender') === '1';
  const group = get('TalkerId').includes('@chatroom');
  const sender = isSelf
    ? ctx.selfOr(get('Sender') || '我')
    : get('Sender') || (group ? '' : get('Remark') || get('NickName'));
  return { sender, sentAt, line, ...content };
}

function rowTime(createTime: string, strTime: string, ctx: ParseContext): number | null {
  if (/^\d+$/.test(createTime)) {
    const n = Number(createTime);
    // seconds, as WeChat stores it; a 13-digit value is already milliseconds
    const ms = n > 1e11 ? n : n * 1000;
    const year = new Date(ms).getUTCFullYear();
    if (year >= 2000 && year <= 2100) return ms;
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(strTime);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  return wallClockToEpoch({ year, month, day, hour, minute, second: m[6] ? Number(m[6]) : 0 }, ctx.zone);
}

type Content = Pick<ParsedMessage, 'kind' | 'text' | 'quote' | 'attachment'>;

function rowContent(type: number, subType: number, raw: string): Content {
  switch (type) {
    case MSG_TYPE.TEXT:
      return { kind: 'text', text: raw };
    case MSG_TYPE.IMAGE:
      return { kind: 'image', text: KIND_LABELS.image };
    case MSG_TYPE.VOICE:
      return { kind: 'voice', text: KIND_LABELS.voice };
    case MSG_TYPE.VIDEO:
      return { kind: 'video', text: KIND_LABELS.video };
    case MSG_TYPE.STICKER:
      return { kind: 'sticker', text: KIND_LABELS.sticker };
    case MSG_TYPE.APP:
      return appContent(subType, raw);
    case MSG_TYPE.SYSTEM:
      return { kind: 'system', text: stripMarkup(raw) };
    case MSG_TYPE.REVOKE:
      return { kind: 'system', text: xmlText(raw, 'replacemsg') || stripMarkup(raw) || '撤回了一条消息' };
    case MSG_TYPE.CONTACT_CARD:
      return { kind: 'text', text: '[名片]' };
    case MSG_TYPE.LOCATION:
      return { kind: 'text', text: '[位置]' };
    case MSG_TYPE.CALL:
      return { kind: 'text', text: '[通话]' };
    default:
      // Kept rather than refused: one odd message type should not sink a whole import.
      return { kind: 'text', text: '[其他消息]' };
  }
}

/** App messages keep their XML in StrContent in some versions and a plain title in others. */
function appContent(subType: number, raw: string): Content {
  const isXml = raw.trimStart().startsWith('<');
  const title = isXml ? xmlText(raw, 'title') : raw;
  switch (subType) {
    case APP_SUBTYPE.QUOTE: {
      const refer = isXml ? xmlText(raw, 'refermsg', false) : '';
      const quoteSender = xmlText(refer, 'displayname');
      const quoteText = xmlText(refer, 'content');
      return quoteSender || quoteText
        ? { kind: 'quote', text: title, quote: { sender: quoteSender, text: quoteText } }
        : { kind: 'quote', text: title };
    }
    case APP_SUBTYPE.FILE:
      return title ? { kind: 'file', text: `${KIND_LABELS.file} ${title}`, attachment: title } : { kind: 'file', text: KIND_LABELS.file };
    case APP_SUBTYPE.TRANSFER:
      return { kind: 'link', text: '[转账]' };
    case APP_SUBTYPE.RED_PACKET:
      return { kind: 'link', text: '[红包]' };
    case APP_SUBTYPE.MINI_PROGRAM:
    case APP_SUBTYPE.MINI_PROGRAM_2:
      return { kind: 'link', text: title ? `[小程序] ${title}` : '[小程序]' };
    case APP_SUBTYPE.CHAT_RECORD:
      return { kind: 'link', text: title ? `[聊天记录] ${title}` : '[聊天记录]' };
    default:
      return { kind: 'link', text: title ? `${KIND_LABELS.link} ${title}` : KIND_LABELS.link };
  }
}

/** The text of the first <tag>…</tag>; unescaped unless it is itself XML to look into. */
function xmlText(xml: string, tag: string, unescape = true): string {
  const open = xml.search(new RegExp(`<${tag}(?:\\s[^>]*)?>`));
  if (open < 0) return '';
  const from = xml.indexOf('>', open) + 1;
  const to = xml.indexOf(`</${tag}>`, from);
  const inner = xml.slice(from, to < 0 ? undefined : to);
  return unescape ? unescapeXml(inner).trim() : inner;
}

function unescapeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** System notices carry bits of markup (a 重新编辑 link, CDATA, <img>); residents see only the words. */
function stripMarkup(s: string): string {
  return unescapeXml(s.replace(/<!\[CDATA\[|\]\]>/g, ''))
    .replace(/<[^>]*>/g, '')
    .replace(/重新编辑$/, '')
    .trim();
}

