/**
 * What CloudBase bills, counted on the emulator, and the quotas of a basic (基础版) 云开发 environment.
 *
 * Quotas — WeChat's quota page for 云开发 (one environment, not the sum of environments):
 *   https://developers.weixin.qq.com/minigame/en/dev/wxcloud/basis/concepts/quota.html
 *   function calls 200,000 / month, resource use 40,000 GBs / month, 20 concurrent instances per function;
 *   DB reads 50,000 / day, writes 30,000 / day, QPS 30, 20 connections; storage downloads 1,500,000 / month,
 *   uploads 600,000 / month. Monthly quotas are compared per day as quota / 30.
 *   Checked again on 2026-12-04 (the search tool, docs and pages): the figures above are unchanged. The
 *   plans' table in Chinese (https://w3cschool.cn/weixinapp/weixinapp-c9eh38kg.html) names them 基础版 1 — the
 *   bench sizes against that one; the next plan, 基础版 2, gives 250,000 reads / day, 200,000 GBs / month and 50
 *   connections. WeChat's billing page for add-on packs (https://developers.weixin.qq.com/minigame/dev/wxcloud/billing/package.md,
 *   changelog to 2026-06) says a plan's quota is spent first, then a pack (调用次数 10 M for 400 元 …), then
 *   pay-as-you-go, and that packs are moving to 资源点 (credits) billing. No stored page gives the figures of
 *   newer packages (个人版 and the like), so they are not used here.
 *
 * How each figure is counted:
 * - invocations: every function run the emulator's host made (client calls, timer firings, and a function
 *   calling another, which CloudBase bills as a call too) — `emu.stats.invocations`.
 * - GBs: configured memory (config.json memorySize, 256 MB) × billed duration. Tencent SCF bills the
 *   actual run time in ms, no longer rounded up to 100 ms (https://cloud.tencent.com/document/product/583/12285).
 *   The duration measured here is the host's wall time per invocation (`InvocationStat.ms`), with the DB
 *   and openapi on loopback; on CloudBase each round trip crosses the network, so the bill adds
 *   CLOUD_ROUND_TRIP_MS per DB call (an assumption, stated: 15 ms) and takes the larger of the two.
 * - DB reads / writes: per request, as CloudBase's quota names them (读操作数 / 写操作数): get, count
 *   (calculateDocument) and aggregate = 1 read whatever they return, add / update / remove = 1 write
 *   whatever they change; a transaction's operations count as their kind, start/commit/abort as neither.
 *   WeChat's pages do not say how CloudBase meters a multi-document answer (searched: no page found), so the
 *   bill also reports the documents returned / changed as an upper bound and names the binding quota under
 *   both readings (emulator/wire/database.ts `DbMeter`).
 * - msgSecCheck: openapi calls that were not a subscribe message (`wx.openApi` requests − outbox growth).
 * - subscribe messages: the outbox (subscribeMessage.send).
 * - storage: uploads the clients made (each `uploadFile` = 1 upload), downloads = distinct files each
 *   session's answers showed (a phone caches a file it already fetched in that session).
 */
import type { InvocationStat } from '../../emulator';
import type { DbMeter } from '../../emulator/wire/database';

export const QUOTA_PAGE = 'https://developers.weixin.qq.com/minigame/en/dev/wxcloud/basis/concepts/quota.html';
export const MEMORY_GB = 256 / 1024;
export const CLOUD_ROUND_TRIP_MS = 15;

/** DB requests a second a basic environment takes (the quota page above); the bench prints the day's busiest second against it */
export const DB_QPS_QUOTA = 30;

/** Per day; monthly quotas / 30. */
export const BASIC_ENV_PER_DAY = {
  invocations: 200_000 / 30,
  gbs: 40_000 / 30,
  db_reads: 50_000,
  db_writes: 30_000,
  storage_downloads: 1_500_000 / 30,
  storage_uploads: 600_000 / 30,
} as const;
export type Dimension = keyof typeof BASIC_ENV_PER_DAY;

export interface Bill {
  invocations: number;
  gbs: number;
  gbs_measured: number;
  db_reads: number;
  db_writes: number;
  db_docs_read: number;
  db_docs_written: number;
  msg_sec_checks: number;
  subscribe_messages: number;
  storage_uploads: number;
  storage_downloads: number;
}

export interface Snapshot {
  invocations: number;
  db: DbMeter;
  openapi: number;
  outbox: number;
  uploads: number;
  downloads: number;
}

export function snapshot(s: { invocations: InvocationStat[]; db: DbMeter; requests: Record<string, number>; outbox: number; uploads: number; downloads: number }): Snapshot {
  return { invocations: s.invocations.length, db: { ...s.db, byAction: { ...s.db.byAction } }, openapi: s.requests['wx.openApi'] ?? 0, outbox: s.outbox, uploads: s.uploads, downloads: s.downloads };
}

export function billBetween(a: Snapshot, b: Snapshot, invocations: InvocationStat[]): Bill {
  const runs = invocations.slice(a.invocations, b.invocations);
  const measured = runs.reduce((s, r) => s + Math.max(1, r.ms), 0);
  const cloud = runs.reduce((s, r) => s + Math.max(1, r.ms, r.dbCalls * CLOUD_ROUND_TRIP_MS), 0);
  const subscribe = b.outbox - a.outbox;
  return {
    invocations: runs.length,
    gbs: round((cloud / 1000) * MEMORY_GB, 2),
    gbs_measured: round((measured / 1000) * MEMORY_GB, 2),
    db_reads: b.db.reads - a.db.reads,
    db_writes: b.db.writes - a.db.writes,
    db_docs_read: b.db.docsRead - a.db.docsRead,
    db_docs_written: b.db.docsWritten - a.db.docsWritten,
    msg_sec_checks: b.openapi - a.openapi - subscribe,
    subscribe_messages: subscribe,
    storage_uploads: b.uploads - a.uploads,
    storage_downloads: b.downloads - a.downloads,
  };
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const billOf = (bill: Bill, d: Dimension, docs: boolean): number =>
  d === 'db_reads' && docs ? bill.db_docs_read : d === 'db_writes' && docs ? bill.db_docs_written : bill[d];

/**
 * Villages one basic environment serves: for every quota, (quota − what the environment spends with no
 * village acting: its timers) / what one more village adds; the smallest wins and names the binding quota.
 */
export function villagesPerEnv(perVillage: Bill, fixed: Bill, docs = false): { villages: number; binding: Dimension; byDimension: Record<Dimension, number> } {
  const byDimension = {} as Record<Dimension, number>;
  for (const d of Object.keys(BASIC_ENV_PER_DAY) as Dimension[]) {
    const marginal = billOf(perVillage, d, docs);
    const room = BASIC_ENV_PER_DAY[d] - billOf(fixed, d, docs);
    byDimension[d] = marginal <= 0 ? Infinity : Math.max(0, Math.floor(room / marginal));
  }
  const binding = (Object.keys(byDimension) as Dimension[]).reduce((a, b) => (byDimension[b] < byDimension[a] ? b : a));
  return { villages: byDimension[binding], binding, byDimension };
}

export function scale(bill: Bill, by: number): Bill {
  const out = {} as Bill;
  for (const [k, v] of Object.entries(bill)) out[k as keyof Bill] = round(v * by, 2);
  return out;
}

export function minus(a: Bill, b: Bill): Bill {
  const out = {} as Bill;
  for (const k of Object.keys(a) as (keyof Bill)[]) out[k] = round(a[k] - b[k], 2);
  return out;
}
