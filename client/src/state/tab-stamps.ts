import Taro from '@tarojs/taro';
import type { TabStamps } from '../../../server/patrol/contract';
import { getToken, needsDevLogin } from '../services/session';

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

const PREFIX = 'cunqun.tab.';
const BOARD_FRESH_MS = 5 * 60_000;
const KEEP_MS = 30 * 24 * 3600_000;

/** what each tab's job answers without writing: any other action of that job drops the tab's kept answer */
const READS: Record<KeptTab, { fn: string; actions: string[] }> = {
  ledger: { fn: 'ledger', actions: ['ledgerHome', 'shop', 'listClaims', 'ranking', 'report'] },
  topics: { fn: 'deliberation', actions: ['listTopics', 'getTopic', 'listReplies', 'listRoll', 'listReceipts', 'getSettings'] },
};

let board: { villageId: string; stamps: TabStamps; at: number } | null = null;

const owner = () => (needsDevLogin ? getToken() ?? '' : '');

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
export async function keptTabOrLoad<T>(tab: KeptTab, villageId: string, key: string, load: () => Promise<T>): Promise<T> {
  const name = `${PREFIX}${tab}.${villageId}.${key}`;
  const stamp = stampNow(tab, villageId);
  if (stamp) {
    try {
      const kept = Taro.getStorageSync(name) as { owner: string; stamp: string; at: number; data: T } | '';
      if (kept && kept.owner === owner() && kept.stamp === stamp && Date.now() - kept.at < KEEP_MS) return kept.data;
    } catch {
      // nothing kept: ask
    }
  }
  const data = await load();
  try {
    if (stamp) Taro.setStorageSync(name, { owner: owner(), stamp, at: Date.now(), data });
    else Taro.removeStorageSync(name);
  } catch {
    // not kept: the next open asks again
  }
  return data;
}

/** A call of `fn` went out: unless it only reads, what this phone keeps of that job's tab is older than the write. */
export function tabWritten(fn: string, action: string): void {
  for (const [tab, reads] of Object.entries(READS) as [KeptTab, (typeof READS)[KeptTab]][]) {
    if (reads.fn !== fn || reads.actions.includes(action)) continue;
    try {
      for (const k of Taro.getStorageInfoSync().keys) if (k.startsWith(`${PREFIX}${tab}.`)) Taro.removeStorageSync(k);
    } catch {
      // nothing kept
    }
    // and the board's stamp predates the write: nothing is kept under it any more
    if (board) board = { ...board, stamps: { ...board.stamps, [tab]: null } };
  }
}
