/**
 * Media placeholders as the exports write them — [图片], [图片: 3f2a.jpg(请在附件中查看)], [语音], [Photo] —
 * become one kind and one label, so the same photo reads the same from every layout.
 */
import type { MessageKind } from './types';

export const KIND_LABELS = {
  image: '[图片]',
  voice: '[语音]',
  video: '[视频]',
  sticker: '[表情包]',
  file: '[文件]',
  link: '[链接]',
} as const satisfies Partial<Record<MessageKind, string>>;

const WORD_KINDS: Record<string, keyof typeof KIND_LABELS> = {
  图片: 'image',
  照片: 'image',
  photo: 'image',
  image: 'image',
  语音: 'voice',
  voice: 'voice',
  audio: 'voice',
  视频: 'video',
  小视频: 'video',
  video: 'video',
  表情包: 'sticker',
  动画表情: 'sticker',
  表情: 'sticker',
  sticker: 'sticker',
  文件: 'file',
  file: 'file',
  链接: 'link',
  link: 'link',
};

const PLACEHOLDER = /^[[［]([^\]］:：]{1,6})(?:\s*[:：]\s*([^\]］]*))?[\]］]\s*(.*)$/s;
const ATTACHMENT_NOTE = /\s*[(（]请在附件中查看[)）]\s*$/;

export interface Classified {
  kind: MessageKind;
  text: string;
  attachment?: string;
}

/** A whole body that is one placeholder becomes that kind; anything else is text. */
export function classifyBody(body: string): Classified {
  const m = PLACEHOLDER.exec(body);
  const kind = m ? WORD_KINDS[m[1].trim().toLowerCase()] : undefined;
  if (!m || !kind) return { kind: 'text', text: body };
  const detail = (m[2] ?? '').replace(ATTACHMENT_NOTE, '').trim();
  const after = m[3].trim();
  if (kind === 'link') {
    // The title after [链接] is what residents read, and what the scanner should see.
    const title = after || detail;
    return { kind, text: title ? `${KIND_LABELS.link} ${title}` : KIND_LABELS.link };
  }
  if (kind === 'file') {
    const name = detail || after;
    return name ? { kind, text: `${KIND_LABELS.file} ${name}`, attachment: name } : { kind, text: KIND_LABELS.file };
  }
  // "[图片]大家看看" is a sentence that starts with a bracket, not a photo.
  if (after) return { kind: 'text', text: body };
  return detail ? { kind, text: KIND_LABELS[kind], attachment: detail } : { kind, text: KIND_LABELS[kind] };
}

const SYSTEM_TEXTS = [
  /^(?:"[^"]{1,40}"|“[^”]{1,40}”|你|[^\s]{1,40}) ?撤回了一条消息$/,
  /^.{1,60}邀请.{1,400}加入了群聊$/,
  /^.{1,60}通过扫描.{1,60}二维码加入群聊$/,
  /^.{1,60}(?:修改|更改)群名为.{1,80}$/,
  /^你已被.{1,60}移出群聊$/,
  /^.{1,60}与群里其他人都不是(?:微信)?朋友关系.*$/,
];

/** Notices WeChat itself writes into a chat (a recall, someone joining), not words of a resident. */
export function isSystemText(text: string): boolean {
  return !text.includes('\n') && SYSTEM_TEXTS.some((re) => re.test(text));
}
