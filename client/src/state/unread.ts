/**
 * My unread 消息 count, as the board's answer last gave it (patrol.listBoard counts it with the same query
 * as account.inboxUnread): 我的, shown right after the board, shows it without a call of its own. Kept in
 * memory only, for a few minutes; 我的 asks again whenever it is shown again.
 */
const FRESH_MS = 5 * 60_000;
let known: { villageId: string; unread: number; at: number } | null = null;

export function rememberUnread(villageId: string, unread: number | null | undefined): void {
  if (typeof unread === 'number') known = { villageId, unread, at: Date.now() };
}

export function knownUnread(villageId: string): number | undefined {
  return known && known.villageId === villageId && Date.now() - known.at < FRESH_MS ? known.unread : undefined;
}
