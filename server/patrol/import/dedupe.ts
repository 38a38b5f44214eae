/**
 * dedupeKey = fnv1a64(n · sender · minute · text), each part normalised, n counting earlier messages of
 * the same file with the same first three parts.
 *
 * - Minute precision: the merged-forward layout writes HH:MM only, the export tools add seconds.
 * - Normalisation (NFKC, no zero-width characters, no whitespace, lower case) and media reduced to their
 *   label make the same message read the same through every layout, so a re-import adds nothing.
 * - n keeps two genuinely identical messages of one minute ("收到" "收到") as two, while a re-import of
 *   the same file gives both the same keys again.
 */
import { fnv1a64 } from './hash';
import { KIND_LABELS } from './placeholders';
import type { ImportedMessage, ParsedMessage } from './types';

const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g;

export function normalizeForKey(value: string): string {
  const folded = typeof value.normalize === 'function' ? value.normalize('NFKC') : value;
  return folded.replace(ZERO_WIDTH, '').replace(/\s+/g, '').toLowerCase();
}

/** The identity of a message without its occurrence index. */
export function messageIdentity(m: Pick<ParsedMessage, 'sender' | 'sentAt' | 'text' | 'kind'>): string {
  // Layouts name files and photos differently (or not at all), so media count by kind only.
  const text =
    m.kind === 'image' || m.kind === 'voice' || m.kind === 'video' || m.kind === 'sticker' || m.kind === 'file'
      ? KIND_LABELS[m.kind]
      : m.text;
  return `${normalizeForKey(m.sender)}\u001f${Math.floor(m.sentAt / 60000)}\u001f${normalizeForKey(text)}`;
}

/** Keys in file order; the same messages in the same order always get the same keys. */
export function assignDedupeKeys(messages: ParsedMessage[]): ImportedMessage[] {
  const seen = new Map<string, number>();
  return messages.map((m) => {
    const identity = messageIdentity(m);
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return { ...m, dedupeKey: fnv1a64(`${n}\u001f${identity}`) };
  });
}
