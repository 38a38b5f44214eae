/**
 * Shapes of the chat-record import: what goes in (the text of an exported WeChat chat and options) and
 * what comes out (every message, or line-numbered errors and no messages at all).
 */
import type { ImportError } from './errors';

/** The text layouts we read. Labels are what the client shows when it asks which layout a file is. */
export const CHAT_FORMATS = {
  merged_forward: 'merged_forward', // 合并转发（邮件发送或复制成文字）
  merged_forward_compact: 'merged_forward_compact', // 合并转发（紧凑格式，无空行）
  pc_copy: 'pc_copy', // 电脑版微信选中消息后 Ctrl+C 复制
  wechatmsg_txt: 'wechatmsg_txt', // 留痕（WeChatMsg）导出的 TXT
  wechatmsg_csv: 'wechatmsg_csv', // 留痕（WeChatMsg）导出的 CSV
} as const;
export type ChatFormat = keyof typeof CHAT_FORMATS;

export const CHAT_FORMAT_LABELS: Record<ChatFormat, string> = {
  merged_forward: '合并转发的聊天记录（邮件或复制）',
  merged_forward_compact: '合并转发的聊天记录（紧凑格式）',
  pc_copy: '电脑版微信复制的消息',
  wechatmsg_txt: '留痕（WeChatMsg）导出的 TXT',
  wechatmsg_csv: '留痕（WeChatMsg）导出的 CSV',
};

export type MessageKind =
  | 'text'
  | 'image' // 图片
  | 'voice' // 语音
  | 'video' // 视频
  | 'file' // 文件
  | 'sticker' // 表情包
  | 'link' // 链接、小程序等卡片
  | 'system' // 撤回、入群等系统提示（sender 为空）
  | 'quote'; // 引用回复：text 是回复的话，quote 是被引用的那条

export interface ImportedMessage {
  /** display name as the export wrote it ('' for system lines) */
  sender: string;
  /** ms since the epoch */
  sentAt: number;
  /** the message text; media become a placeholder such as [图片] */
  text: string;
  kind: MessageKind;
  /** the quoted message of a reply, when the export names it */
  quote?: { sender: string; text: string };
  /** attachment file name, when the export names one ([图片: x.jpg(请在附件中查看)]) */
  attachment?: string;
  /** 1-based line of the file where the message starts */
  line: number;
  /** same message → same key, whichever export it came from; see dedupe.ts */
  dedupeKey: string;
}

export interface ParseOptions {
  /** skip detection and read the file as this layout */
  format?: ChatFormat;
  /**
   * Timezone of the clock that wrote the times: an IANA name ('Asia/Shanghai', the default) or a fixed
   * offset ('+08:00', 'UTC'). Exports write local wall-clock times without a zone.
   */
  timezone?: string;
  /** the importer's own name: replaces the '我' / '你' the export tools write for one's own messages */
  selfName?: string;
  /** UTF-8 bytes; default 5 MiB */
  maxBytes?: number;
  /** default 50 000 */
  maxMessages?: number;
  /** errors reported at most (parsing stops there); default 20 */
  maxErrors?: number;
  /** called every progressEveryLines lines and once at the end */
  onProgress?: (linesDone: number, linesTotal: number) => void;
  /** default 2000 */
  progressEveryLines?: number;
}

export interface AsyncParseOptions extends ParseOptions {
  /**
   * Awaited between chunks so the UI thread can paint the progress. Default: a zero-delay setTimeout.
   */
  pause?: () => Promise<void>;
}

export type ParseResult =
  | {
      ok: true;
      format: ChatFormat;
      /** the group's name, when the file says it */
      groupName?: string;
      /** the two people of a private chat, when the file says so */
      participants?: [string, string];
      messages: ImportedMessage[];
    }
  | { ok: false; errors: ImportError[] };

/** A message as a layout parser reads it, before the dedupe keys are assigned. */
export type ParsedMessage = Omit<ImportedMessage, 'dedupeKey'>;

/** What a layout parser learns about the chat besides the messages. */
export interface ChatMeta {
  format?: ChatFormat;
  groupName?: string;
  participants?: [string, string];
}
