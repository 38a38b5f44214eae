/**
 * Import of exported WeChat group chat records (巡群, issue 3): a pure library — no database, no
 * wx-server-sdk — shared by the patrol cloud function and the mini-program.
 */
export { parseChatRecord, parseChatRecordAsync, IMPORT_LIMITS } from './parse';
export { detectChatFormat } from './detect';
export { assignDedupeKeys, messageIdentity, normalizeForKey } from './dedupe';
export { fnv1a64 } from './hash';
export { IMPORT_ERROR_MESSAGES, importError } from './errors';
export type { ImportError, ImportErrorCode } from './errors';
export { CHAT_FORMATS, CHAT_FORMAT_LABELS } from './types';
export type {
  AsyncParseOptions,
  ChatFormat,
  ImportedMessage,
  MessageKind,
  ParseOptions,
  ParseResult,
  ParsedMessage,
} from './types';
