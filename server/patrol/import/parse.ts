/**
 * parseChatRecord: the whole import of one file, all or nothing. Every layout parser is a generator
 * that yields how many lines it has read, so the same code serves a synchronous call with an
 * onProgress callback and an async call that lets the mini-program's UI paint between chunks.
 */
import { ParseContext, type ParseInput } from './context';
import { assignDedupeKeys } from './dedupe';
import { detectFormatInLines } from './detect';
import { importError } from './errors';
import { parseMergedForward } from './formats/merged-forward';
import { parsePcCopy } from './formats/pc-copy';
import { parseWechatMsgCsv } from './formats/wechatmsg-csv';
import { parseWechatMsgTxt } from './formats/wechatmsg-txt';
import { isBlank, lineExceedingBytes, splitLines, stripBom, utf8Length } from './text';
import { resolveTimeZone } from './time';
import type { AsyncParseOptions, ChatFormat, ChatMeta, ParseOptions, ParseResult } from './types';

export const IMPORT_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxMessages: 50_000,
  maxErrors: 20,
  progressEveryLines: 2000,
  timezone: 'Asia/Shanghai',
} as const;

type LayoutParser = (input: ParseInput, ctx: ParseContext) => Generator<number, ChatMeta>;

const PARSERS: Record<ChatFormat, LayoutParser> = {
  merged_forward: parseMergedForward,
  merged_forward_compact: parseMergedForward,
  pc_copy: parsePcCopy,
  wechatmsg_txt: parseWechatMsgTxt,
  wechatmsg_csv: parseWechatMsgCsv,
};

interface Progress {
  linesDone: number;
  linesTotal: number;
}

/** Yields the lines read so far; returns the result. */
function* parseSteps(rawText: string, options: ParseOptions): Generator<Progress, ParseResult> {
  const maxBytes = options.maxBytes ?? IMPORT_LIMITS.maxBytes;
  const text = stripBom(typeof rawText === 'string' ? rawText : '');
  const fail = (...args: Parameters<typeof importError>): ParseResult => ({ ok: false, errors: [importError(...args)] });

  // A UTF-16 unit is at most 3 UTF-8 bytes, so most files skip the exact count.
  if (text.length * 3 > maxBytes && utf8Length(text) > maxBytes) {
    return fail('import_too_large', lineExceedingBytes(splitLines(text), maxBytes), `最大 ${formatBytes(maxBytes)}`);
  }
  const lines = splitLines(text);
  const firstLine = lines.findIndex((l) => !isBlank(l)) + 1;
  if (firstLine === 0) return fail('import_empty', 1);

  const timezone = options.timezone ?? IMPORT_LIMITS.timezone;
  const zone = resolveTimeZone(timezone);
  if (!zone) return fail('import_bad_timezone', 0, timezone);

  const detected = options.format ?? detectFormatInLines(lines)?.format;
  if (!detected) return fail('import_format_unknown', firstLine);

  const ctx = new ParseContext(
    zone,
    options.maxMessages ?? IMPORT_LIMITS.maxMessages,
    options.maxErrors ?? IMPORT_LIMITS.maxErrors,
    Math.max(1, options.progressEveryLines ?? IMPORT_LIMITS.progressEveryLines),
    options.selfName,
  );
  const steps = PARSERS[detected]({ text, lines }, ctx);
  let step = steps.next();
  while (!step.done) {
    yield { linesDone: step.value, linesTotal: lines.length };
    step = steps.next();
  }
  const meta = step.value;
  yield { linesDone: lines.length, linesTotal: lines.length };

  if (ctx.errors.length > 0) {
    // A chosen layout that matches nothing reads as one complaint per line; say what is really wrong.
    if (options.format && ctx.messages.length === 0 && ctx.errors.every((e) => e.code === 'import_orphan_body')) {
      return fail('import_format_unknown', firstLine, '和所选的格式不一致');
    }
    return { ok: false, errors: ctx.errors };
  }
  if (ctx.messages.length === 0) return fail('import_empty', firstLine, '没有找到任何消息');
  return {
    ok: true,
    format: meta.format ?? detected,
    ...(meta.groupName ? { groupName: meta.groupName } : {}),
    ...(meta.participants ? { participants: meta.participants } : {}),
    messages: assignDedupeKeys(ctx.messages),
  };
}

/**
 * Reads an exported WeChat chat record. Either every message, or the errors with their line numbers and
 * no message at all: a half-imported chat would hide what was left out.
 */
export function parseChatRecord(text: string, options: ParseOptions = {}): ParseResult {
  const steps = parseSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value.linesDone, step.value.linesTotal);
  }
}

/** Same as parseChatRecord, pausing between chunks of lines so a long file does not freeze the UI. */
export async function parseChatRecordAsync(text: string, options: AsyncParseOptions = {}): Promise<ParseResult> {
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const steps = parseSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value.linesDone, step.value.linesTotal);
    await pause();
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} 字节`;
}
