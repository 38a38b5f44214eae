/**
 * Cutting a parsed chat record into importMessages batches — pure, shared by the mini-program and the
 * tests. A batch holds at most POST_LIMITS.importBatchMax messages and stays well under the router's
 * 32 KB payload limit (Chinese text is 3 bytes a character in UTF-8), so a long file becomes many small
 * requests, each safe to retry: the messages are keyed by dedupeKey on the server.
 */
import type { ImportedMessageInput } from './contract';
import { POST_LIMITS } from './states';

/** payload bytes per batch we aim under (the router refuses more than 32 KB) */
export const BATCH_BYTES_MAX = 24 * 1024;

interface ParsedLike {
  dedupeKey: string;
  sender: string;
  sentAt: number;
  text: string;
  kind: ImportedMessageInput['kind'];
  line: number;
}

function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

export function toImportBatches(messages: readonly ParsedLike[]): ImportedMessageInput[][] {
  const batches: ImportedMessageInput[][] = [];
  let current: ImportedMessageInput[] = [];
  let bytes = 0;
  for (const m of messages) {
    const item: ImportedMessageInput = {
      dedupeKey: m.dedupeKey,
      sender: [...m.sender].slice(0, 60).join(''),
      sentAt: m.sentAt,
      text: [...m.text].slice(0, POST_LIMITS.importTextMax).join(''),
      kind: m.kind,
      line: m.line,
    };
    const size = utf8Bytes(item.text) + utf8Bytes(item.sender) + 120;
    if (current.length > 0 && (current.length >= POST_LIMITS.importBatchMax || bytes + size > BATCH_BYTES_MAX)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}
