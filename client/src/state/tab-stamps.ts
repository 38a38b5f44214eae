import type { TabStamps } from '../../../server/patrol/contract';
import { forgetKept, keptOrLoad } from './kept';

/**
 * The 积分 and 议事 tabs' last answers, kept on the phone under the stamp the board had answered just
 * before they were asked (patrol.listBoard `tabStamps`; server: ledger/tab-stamp.ts,
 * deliberation/tab-stamp.ts). A tab opened after the board shows its kept answer, with no call, while the
 * board's stamp is still the one it was kept under: the stamp covers everything that tab shows. Why this is
 * safe: the stamp was read before the answer, so an unchanged stamp later means nothing changed since.
 *
 * Asked again, and kept anew: with no board answer of this village in the last minutes (a tab opened by a
 * link), a stamp that moved or is null (a poll open), a kept answer over 30 days old, and after any write
 * of the tab's job from this phone (services/api.ts calls `tabWritten`) — the board's stamp predates it.
 */
export type KeptTab = keyof TabStamps;

const BOARD_FRESH_MS = 5 * 60_000;
const KEEP_MS = 30 * 24 * 3600_000;

/** what each tab's job answers without writing: any other action of that job drops the tab's kept answer */
const READS: Record<KeptTab, { fn: string; actions: string[] }> = {
  ledger: { fn: 'ledger', actions: ['ledgerHome', 'shop', 'listClaims', 'ranking', 'report'] },
  topics: { fn: 'deliberation', actions: ['listTopics', 'getTopic', 'listReplies', 'listRoll', 'listReceipts', 'getSettings'] },
};

let board: { villageId: string; stamps: TabStamps; at: number } | null = null;

/** The board answered: remember its tab stamps for the tab opened next. */
export function rememberTabStamps(villageId: string, stamps: TabStamps | undefined): void {
  if (stamps) board = { villageId, stamps, at: Date.now() };
}

function stampNow(tab: KeptTab, villageId: string): string | null {
  if (!board || board.villageId !== villageId || Date.now() - board.at > BOARD_FRESH_MS) return null;
  return board.stamps[tab];
}

/**
 * The tab's answer: the kept one while the board's stamp stands, else `load()` (kept under that stamp).
 * `key` tells apart the views of one tab (a filter).
 */
export function keptTabOrLoad<T>(tab: KeptTab, villageId: string, key: string, load: () => Promise<T>): Promise<T> {
  return keptOrLoad(`tab.${tab}.${villageId}.${key}`, load, { freshMs: KEEP_MS, stamp: stampNow(tab, villageId) });
}

/** A call of `fn` went out: unless it only reads, what this phone keeps of that job's tab is older than the write. */
export function tabWritten(fn: string, action: string): void {
  for (const [tab, reads] of Object.entries(READS) as [KeptTab, (typeof READS)[KeptTab]][]) {
    if (reads.fn !== fn || reads.actions.includes(action)) continue;
    forgetKept(`tab.${tab}.`);
    // and the board's stamp predates the write: nothing is kept under it any more
    if (board) board = { ...board, stamps: { ...board.stamps, [tab]: null } };
  }
}
