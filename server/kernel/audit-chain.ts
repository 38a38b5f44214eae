/**
 * The audit trail made tamper-evident: every village's records are bound into ONE hash chain, in the order
 * they reached the trail (postedAtOf), by a timer — not by the writers.
 *
 * Why a timer seals instead of each append linking to the previous record: on CloudBase a chain head that
 * every append must read and move would serialise every writer of a village (and cost two more round trips
 * per action). Writers keep appending as before; `sealAudit` (account timer, every 30 min) takes the records
 * that reached the trail in (through, cutoff] — cutoff = now − SETTLE_MS, longer than any invocation runs, so
 * no record can still arrive inside a sealed window — and writes one block per village:
 *
 *   entries[i] = [recordId, h_i],  h_i = H(h_{i−1} | H(record_i)),  h_0 = the previous block's hash
 *   block.hash = H(prev | seq | from | through | sealedAt | last h | count | checkpoint)
 *
 * A record is therefore unsealed for at most one timer period plus SETTLE_MS (the window the dashboard
 * states). Records appended late (a healed retry, the ledger's outbox) carry `postedAt` and are sealed by
 * when they arrived — the block marks them `late` — so a late record never lands in a window already sealed.
 * The first block of a Beijing day carries `checkpoint`: the chain head at the end of the day before, which
 * the dashboard publishes to the village.
 *
 * Verifying re-walks the blocks: for each block, the records listed plus every record whose posted time lies
 * in its window (one query) — a record edited (its hash differs), deleted (listed, missing), inserted (in a
 * sealed window, not listed) or a block altered (its hash or link) is named, the first one in chain order.
 */
import { createHash } from 'node:crypto';
import { AUDIT, postedAtOf, type AuditRecord } from './audit';
import { stableJson } from './context';
import type { Doc, Store } from './store';

export const AUDIT_CHAIN = 'auditchain';
/** longer than any function may run (the longest timeout is 10 s): a record posted before now − this is in the trail */
export const SETTLE_MS = 2 * 60_000;
/** the sealing timer's period (cloudfunctions/account/config.json: accountClock, hourly) */
export const SEAL_PERIOD_MS = 60 * 60_000;
/** records per block: a verify page reads one block's records in one query (≤ 1000 documents a read) */
export const BLOCK_MAX = 400;
/** blocks one verify page reads (most hold a few records: the timer seals every hour) */
const BLOCKS_PER_PAGE = 200;
/** Beijing time: days of checkpoints */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const RECENT_MS = 2 * 24 * 3600_000;

export interface ChainBlock extends Doc {
  kind: 'block';
  villageId: string;
  seq: number;
  prev: string;
  hash: string;
  /** the posted-time window sealed: (from, through] */
  from: number;
  through: number;
  sealedAt: number;
  /** [recordId, running hash, 1 when appended late] in chain order */
  entries: [string, string, number?][];
  count: number;
  /** the chain head at the end of `day` (Beijing), published to the village */
  checkpoint: { day: string; seq: number; hash: string } | null;
  /** `checkpoint.day` at the top level, for the index (blocks without a checkpoint: null) */
  checkpointDay: string | null;
}

export const blockId = (villageId: string, seq: number): string => `${villageId}:seal:${String(seq).padStart(8, '0')}`;
export const genesisOf = (villageId: string): string => sha256(`cunqun-audit|${villageId}`);
export const beijingDay = (ms: number): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a stored record: all its fields, in a stable order (a changed field, added or removed, shows). */
export function recordHash(record: Doc): string {
  return sha256(stableJson(record));
}

export function link(prev: string, record: Doc): string {
  return sha256(`${prev}|${recordHash(record)}`).slice(0, 32);
}

export function blockHash(b: Pick<ChainBlock, 'prev' | 'seq' | 'from' | 'through' | 'sealedAt' | 'entries' | 'count' | 'checkpoint'>): string {
  const last = b.entries.length ? b.entries[b.entries.length - 1][1] : '';
  return sha256([b.prev, b.seq, b.from, b.through, b.sealedAt, last, b.count, stableJson(b.checkpoint)].join('|'));
}

/** Chain order: by when a record reached the trail, then by id. */
export function chainOrder(a: AuditRecord, b: AuditRecord): number {
  return postedAtOf(a) - postedAtOf(b) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * The records of the trail posted in (from, to] — for one village or every village — as two queries an index
 * serves each (a top-level $or would scan the trail): by `at` for records appended when they happened, by
 * `postedAt` for those appended late.
 */
export function postedBetween(from: number, to: number, villageId?: string): [byAt: Record<string, unknown>, byPostedAt: Record<string, unknown>] {
  const v = villageId ? { villageId } : {};
  return [
    { ...v, at: { $gt: from, $lte: to }, postedAt: { $exists: false } },
    { ...v, postedAt: { $gt: from, $lte: to } },
  ];
}

/**
 * Reads the records posted in (from, to] (at most `limit` by each index, oldest first), plus any records
 * named by id, in one round trip when `rootId` names a register document that exists (an aggregate on it
 * with three uncorrelated $lookups — the caller's own entry serves), else in parallel queries. Answers the
 * records in chain order and how far the window is complete (`completeTo`: a branch cut at its limit is
 * complete only before its last record's time).
 */
export async function readWindow(store: Store, from: number, to: number, options: { villageId?: string; ids?: string[]; limit: number; rootId?: string }): Promise<{ records: AuditRecord[]; completeTo: number }> {
  const [byAt, byPosted] = postedBetween(from, to, options.villageId);
  const ids = options.ids ?? [];
  let lists: AuditRecord[][];
  if (options.rootId) {
    const look = (as: string, match: Record<string, unknown>, sort: string) => ({ $lookup: { from: AUDIT, let: {}, pipeline: [{ $match: match }, { $sort: { [sort]: 1, _id: 1 } }, { $limit: options.limit + 1 }], as } });
    const [row] = await store.aggregate('register', [
      { $match: { _id: options.rootId } },
      { $limit: 1 },
      { $project: { _id: 1 } },
      look('byAt', byAt, 'at'),
      look('byPosted', byPosted, 'postedAt'),
      ...(ids.length ? [{ $lookup: { from: AUDIT, let: {}, pipeline: [{ $match: { _id: { $in: ids } } }, { $limit: 1000 }], as: 'byId' } }] : []),
    ]);
    if (!row) throw new Error(`readWindow: ${options.rootId} is not in the register`);
    lists = [row.byAt as AuditRecord[], row.byPosted as AuditRecord[], (row.byId as AuditRecord[] | undefined) ?? []];
  } else {
    lists = (await Promise.all([
      store.find(AUDIT, byAt, { orderBy: [['at', 'asc'], ['_id', 'asc']], limit: options.limit + 1 }),
      store.find(AUDIT, byPosted, { orderBy: [['postedAt', 'asc'], ['_id', 'asc']], limit: options.limit + 1 }),
      ids.length ? store.getMany(AUDIT, ids).then((m) => [...m.values()]) : Promise.resolve([]),
    ])) as AuditRecord[][];
  }
  let completeTo = to;
  for (const list of lists.slice(0, 2)) if (list.length > options.limit) completeTo = Math.min(completeTo, postedAtOf(list[list.length - 1]) - 1);
  const byId = new Map<string, AuditRecord>();
  for (const list of lists) for (const r of list) byId.set(r._id, r);
  return { records: [...byId.values()].sort(chainOrder), completeTo };
}

export interface Head {
  villageId: string;
  seq: number;
  hash: string;
  through: number;
  sealedAt: number;
}

/** Builds the next block of a village from its head and its records of the window (already in chain order). */
export function nextBlock(head: Head, records: AuditRecord[], through: number, now: number): ChainBlock {
  let h = head.hash;
  const entries: ChainBlock['entries'] = records.map((r) => {
    h = link(h, r);
    return r.postedAt !== undefined && r.postedAt > r.at ? [r._id, h, 1] : [r._id, h];
  });
  const day = beijingDay(now);
  const checkpoint = head.seq > 0 && beijingDay(head.sealedAt) !== day ? { day: beijingDay(head.sealedAt), seq: head.seq, hash: head.hash } : null;
  const seq = head.seq + 1;
  const block = { _id: blockId(head.villageId, seq), kind: 'block' as const, villageId: head.villageId, seq, prev: head.hash, hash: '', from: head.through, through, sealedAt: now, entries, count: entries.length, checkpoint, checkpointDay: checkpoint?.day ?? null };
  block.hash = blockHash(block);
  return block;
}

// ─── sealing (the timer) ─────────────────────────────────────────────────────────────────────────────

export interface SealOutcome {
  villages: number;
  blocks: number;
  records: number;
  through: number;
}

/**
 * Seals every village up to now − SETTLE_MS (or up to where the run's record limit cuts the window).
 * Round trips: the heads (blocks of the last two days: a chain gets a block at least daily, its checkpoint),
 * the window's records (two queries at once, one per index), the new blocks (one createMany, ids
 * `${v}:seal:<seq>`: a run racing this one collides on the first id and writes nothing) — a timer's four. One
 * more read, rarely: a village whose records arrive without a recent head (its first records, or after the
 * timer stood still).
 */
export async function sealAudit(store: Store, now: number): Promise<SealOutcome> {
  const headOf = (b: Pick<ChainBlock, 'villageId' | 'seq' | 'hash' | 'through' | 'sealedAt'>): Head => ({ villageId: b.villageId, seq: b.seq, hash: b.hash, through: b.through, sealedAt: b.sealedAt });
  const latest = (match: Record<string, unknown>) =>
    store.aggregate(AUDIT_CHAIN, [
      { $match: match },
      { $sort: { seq: -1 } },
      { $group: { _id: '$villageId', villageId: { $first: '$villageId' }, seq: { $first: '$seq' }, hash: { $first: '$hash' }, through: { $first: '$through' }, sealedAt: { $first: '$sealedAt' } } },
      { $limit: 1000 },
    ]) as Promise<ChainBlock[]>;
  const heads = new Map((await latest({ sealedAt: { $gte: now - RECENT_MS } })).map((b) => [b.villageId, headOf(b)]));
  // every run seals every village to the same cutoff, so the newest `through` is where all of them stand
  let from = Math.max(0, ...[...heads.values()].map((h) => h.through));
  if (heads.size === 0) from = Math.max(0, ...(await latest({})).map((b) => b.through));
  let cutoff = now - SETTLE_MS;
  if (cutoff <= from) return { villages: heads.size, blocks: 0, records: 0, through: from };
  const window = await readWindow(store, from, cutoff, { limit: 2 * BLOCK_MAX });
  // too many for one run: seal up to where both indexes' reads are complete
  cutoff = window.completeTo;
  if (cutoff <= from) return { villages: heads.size, blocks: 0, records: 0, through: from };
  const records = window.records.filter((r) => postedAtOf(r) <= cutoff);
  const byVillage = new Map<string, AuditRecord[]>();
  for (const r of records) byVillage.set(r.villageId, [...(byVillage.get(r.villageId) ?? []), r]);
  const headless = [...byVillage.keys()].filter((v) => !heads.has(v));
  if (headless.length > 0) {
    const older = new Map((await latest({ villageId: { $in: headless } })).map((b) => [b.villageId, headOf(b)]));
    for (const v of headless) heads.set(v, older.get(v) ?? { villageId: v, seq: 0, hash: genesisOf(v), through: 0, sealedAt: 0 });
  }
  const blocks: ChainBlock[] = [];
  for (const [v, head] of [...heads.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const own = (byVillage.get(v) ?? []).sort(chainOrder);
    const newDay = head.seq > 0 && beijingDay(head.sealedAt) !== beijingDay(now);
    const parts = blockParts(own);
    if (parts.length === 0 && newDay) parts.push([]);
    parts.forEach((part, i) => {
      const current = i > 0 ? blocks[blocks.length - 1] : null;
      const base: Head = current ? headOf(current) : head;
      // a block that is not the last of its village this run ends at its last record's time
      const through = i === parts.length - 1 ? cutoff : postedAtOf(part[part.length - 1]);
      blocks.push(nextBlock(base, part, through, now));
    });
  }
  if (blocks.length) await store.createMany(AUDIT_CHAIN, blocks);
  return { villages: heads.size, blocks: blocks.length, records: records.length, through: cutoff };
}

/** Cuts a village's records (in chain order) into blocks of ≤ BLOCK_MAX, never between two records of the same millisecond. */
function blockParts(own: AuditRecord[]): AuditRecord[][] {
  const parts: AuditRecord[][] = [];
  let start = 0;
  while (start < own.length) {
    let end = Math.min(start + BLOCK_MAX, own.length);
    while (end < own.length && end > start + 1 && postedAtOf(own[end]) === postedAtOf(own[end - 1])) end -= 1;
    parts.push(own.slice(start, end));
    start = end;
  }
  return parts;
}

// ─── verifying ───────────────────────────────────────────────────────────────────────────────────────

export type Misfit = 'edited' | 'deleted' | 'inserted' | 'block_altered' | 'block_missing';

export interface ChainProblem {
  kind: Misfit;
  /** the audit record that does not fit (for a block problem: the block's id) */
  recordId: string;
  seq: number;
  /** what the record says (absent when it is gone) */
  at: number | null;
  summary: string | null;
}

export interface VerifyState {
  /** the next block to check */
  nextSeq: number;
  /** the hash the next block must link to */
  prev: string;
  /** the window the next block must start at */
  through: number;
}

export interface VerifyPage {
  checkedRecords: number;
  checkedBlocks: number;
  problem: ChainProblem | null;
  /** where to go on; null when the chain's end was reached (or a problem stopped the walk) */
  next: VerifyState | null;
  head: { seq: number; hash: string; through: number } | null;
}

export const startOfChain = (villageId: string): VerifyState => ({ nextSeq: 1, prev: genesisOf(villageId), through: 0 });

/**
 * Checks the next blocks of a village, at most BLOCK_MAX records' worth: two round trips (the blocks, then the
 * records they list and every record whose posted time lies in their windows — one aggregate rooted at
 * `rootId`, the committee member's own register entry, or parallel queries for the script).
 */
export async function verifyPage(store: Store, villageId: string, state: VerifyState, options: { maxRecords?: number; rootId?: string } = {}): Promise<VerifyPage> {
  const maxRecords = options.maxRecords ?? BLOCK_MAX;
  const rootId = options.rootId;
  const blocks = (await store.find(AUDIT_CHAIN, { villageId, seq: { $gte: state.nextSeq } }, { orderBy: [['seq', 'asc']], limit: BLOCKS_PER_PAGE })) as ChainBlock[];
  const take: ChainBlock[] = [];
  let n = 0;
  for (const b of blocks) {
    if (take.length && n + b.count > maxRecords) break;
    take.push(b);
    n += b.count;
  }
  if (take.length === 0) return { checkedRecords: 0, checkedBlocks: 0, problem: null, next: null, head: null };
  const ids = take.flatMap((b) => b.entries.map((e) => e[0]));
  const windowFrom = Math.min(take[0].from, state.through);
  const windowTo = take[take.length - 1].through;
  const { records: found, completeTo } = await readWindow(store, windowFrom, windowTo, { villageId, ids, limit: 1000 - 1, rootId });
  const byId = new Map(found.map((r) => [r._id, r]));

  let prev = state.prev;
  let through = state.through;
  let expectSeq = state.nextSeq;
  let records = 0;
  const problem = (kind: Misfit, b: ChainBlock, recordId: string): VerifyPage => {
    const r = byId.get(recordId);
    return { checkedRecords: records, checkedBlocks: b.seq - state.nextSeq, problem: { kind, recordId, seq: b.seq, at: r?.at ?? null, summary: r?.summary ?? null }, next: null, head: null };
  };
  for (const b of take) {
    if (b.seq !== expectSeq) return problem('block_missing', b, blockId(villageId, expectSeq));
    if (b.prev !== prev || b.from !== through || blockHash(b) !== b.hash || b.count !== b.entries.length || b.villageId !== villageId) return problem('block_altered', b, b._id);
    const listed = new Set<string>();
    let h = prev;
    for (const [id, stored] of b.entries) {
      const r = byId.get(id);
      if (!r || r.villageId !== villageId) return problem('deleted', b, id);
      h = link(h, r);
      if (h !== stored) return problem('edited', b, id);
      const p = postedAtOf(r);
      if (p <= b.from || p > b.through) return problem('edited', b, id);
      listed.add(id);
      records += 1;
    }
    // a record of this village posted inside this window that the block does not list was put there later
    const intruder = found
      .filter((r) => r.villageId === villageId && !listed.has(r._id) && postedAtOf(r) > b.from && postedAtOf(r) <= Math.min(b.through, completeTo))
      .sort(chainOrder)[0];
    if (intruder) return problem('inserted', b, intruder._id);
    prev = b.hash;
    through = b.through;
    expectSeq += 1;
  }
  const last = take[take.length - 1];
  const more = blocks.length > take.length || blocks.length === BLOCKS_PER_PAGE;
  return {
    checkedRecords: records,
    checkedBlocks: take.length,
    problem: null,
    next: more ? { nextSeq: expectSeq, prev, through } : null,
    head: { seq: last.seq, hash: last.hash, through: last.through },
  };
}

/** The whole chain of a village (the audit:verify script): pages until the end or the first misfit. */
export async function verifyChain(store: Store, villageId: string): Promise<{ records: number; blocks: number; problem: ChainProblem | null; head: VerifyPage['head'] }> {
  let state: VerifyState | null = startOfChain(villageId);
  let records = 0;
  let blocks = 0;
  let head: VerifyPage['head'] = null;
  while (state) {
    const page: VerifyPage = await verifyPage(store, villageId, state);
    records += page.checkedRecords;
    blocks += page.checkedBlocks;
    if (page.problem) return { records, blocks, problem: page.problem, head };
    head = page.head ?? head;
    state = page.next;
  }
  return { records, blocks, problem: null, head };
}
