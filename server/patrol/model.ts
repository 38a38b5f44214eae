/**
 * Patrol's documents, ids and the one read every action starts with.
 *
 * One collection, `patrol` (like account's register): the village settings (`_id` = villageId) and the
 * messages. A lead is not a document of its own: the message that opened it (the head) carries the lead
 * state, and near-duplicates point at it with `leadId` — so a triage action changes one document
 * (compare-and-set), and joining a lead writes only the new message (the count comes from the
 * `leadId` index when the queue is read).
 */
import { REGISTER, activeMember, memberIdOf, memberStamp, myGridOf, myGridStages, type MemberDoc } from '../kernel/auth';
import { ledgerStampOf, ledgerStampStages } from '../ledger/tab-stamp';
import { topicsStampOf, topicsStampStages } from '../deliberation/tab-stamp';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { Doc } from '../kernel/store';
import type { Fingerprint } from './cluster';
import type { LeadCard, PostView, ScanView, TabStamps } from './contract';
import { DEFAULT_LEXICON, createScanner, defaultScanner, normaliseTerm, type Category, type LexiconTerm, type Scanner } from './scan';
import type { LeadStatus, MessageSource, Visibility } from './states';

export const PATROL = 'patrol';

// ─── documents ────────────────────────────────────────────────────────────────────────────────────

/** A committee edit of the default lexicon, keyed by the normalised term. */
export type StoredLexiconEdit = { key: string; removed: true } | ({ key: string; removed?: false } & LexiconTerm);

export interface SettingsDoc extends Doc {
  kind: 'settings';
  villageId: string;
  lexiconEdits: StoredLexiconEdit[];
  lexiconVersion: number;
  /** the committee's thresholds (0–1) where they differ from the model's defaults (setThresholds) */
  thresholds?: Partial<Record<Category, number>>;
  /** bumped by every setThresholds (absent until the first) */
  thresholdsVersion?: number;
  updatedAt: number;
}

export interface MessageDoc extends Doc {
  kind: 'message';
  villageId: string;
  source: MessageSource;
  /** 'post' for a board post, 'reply' for a reply, null when not on the board */
  board: 'post' | 'reply' | null;
  /** the post a reply answers */
  threadId: string | null;
  /** register id of the member who wrote it (board, reply) or who pasted / imported it */
  authorId: string | null;
  /** as shown: the poster's name, or the sender named in the chat record */
  authorName: string;
  householdId: string | null;
  /** the grid the message belongs to: the poster's household's, or the importing worker's */
  gridId: string | null;
  text: string;
  photos: { fileId: string }[];
  voice: { fileId: string; durationS: number } | null;
  postedAt: number;
  createdAt: number;
  visibility: Visibility;
  rejectReason: string | null;
  secCheck: { suggest: string; label: number } | null;
  scan: ScanView;
  /** the WeChat group it came from, when known */
  openGId: string | null;
  groupName: string | null;
  /** imports: the chat record's key and line */
  dedupeKey: string | null;
  line: number | null;
  /** a held post or a lead: counted by coverage until reviewed */
  needsReview: boolean;
  /** the first time a grid worker or the committee acted on it (coverage: time to first review) */
  firstReviewAt: number | null;

  // ── the lead (on the head; members carry only leadId) ──
  leadId: string | null;
  leadStatus: LeadStatus | null;
  leadAt: number | null;
  /** scan urgency plus 10 × each flag's weight */
  priority: number;
  minhash: number[];
  bandKeys: string[];
  flaggerIds: string[];
  flagCount: number;
  handledBy: string | null;
  handledByName: string | null;
  handledAt: number | null;
  dismissReason: string | null;
  replyText: string | null;
  ticketId: string | null;
  /** a fraud warning published from this lead, pinned on the board */
  warningText: string | null;
  warningPinned: boolean;
  warnedAt: number | null;
  /** the month it was pinned (`pinKey`): the board and 听通知 look up the last three months' warnings with the caller */
  pinnedIn?: string;
  escalatedAt: number | null;
}

export const settingsDocId = (villageId: string): string => villageId;
/** board posts, replies and pasted texts: deterministic from caller + requestId (a retry lands on the same id) */
export const messageDocId = (villageId: string, id: string): string => `${villageId}:m:${id}`;
/** imported chat lines: from the chat record's dedupeKey, so a re-import finds them */
export const importedDocId = (villageId: string, dedupeKey: string): string => `${villageId}:m:i${dedupeKey}`;

export function isMessage(doc: Doc | null | undefined): doc is MessageDoc {
  return !!doc && doc.kind === 'message';
}

/** Fields of a new message doc that are not about its content. */
export function blankMessage(): Pick<
  MessageDoc,
  | 'leadId'
  | 'leadStatus'
  | 'leadAt'
  | 'priority'
  | 'minhash'
  | 'bandKeys'
  | 'flaggerIds'
  | 'flagCount'
  | 'handledBy'
  | 'handledByName'
  | 'handledAt'
  | 'dismissReason'
  | 'replyText'
  | 'ticketId'
  | 'warningText'
  | 'warningPinned'
  | 'warnedAt'
  | 'escalatedAt'
  | 'firstReviewAt'
  | 'rejectReason'
  | 'openGId'
  | 'groupName'
  | 'dedupeKey'
  | 'line'
> {
  return {
    leadId: null,
    leadStatus: null,
    leadAt: null,
    priority: 0,
    minhash: [],
    bandKeys: [],
    flaggerIds: [],
    flagCount: 0,
    handledBy: null,
    handledByName: null,
    handledAt: null,
    dismissReason: null,
    replyText: null,
    ticketId: null,
    warningText: null,
    warningPinned: false,
    warnedAt: null,
    escalatedAt: null,
    firstReviewAt: null,
    rejectReason: null,
    openGId: null,
    groupName: null,
    dedupeKey: null,
    line: null,
  };
}

/** The lead fields a message gets when it opens a lead. */
export function headFields(messageId: string, fp: Fingerprint, urgency: number, now: number): Partial<MessageDoc> {
  return { leadId: messageId, leadStatus: 'open', leadAt: now, priority: urgency, minhash: fp.minhash, bandKeys: fp.bandKeys, needsReview: true };
}

// ─── the lexicon of a village ────────────────────────────────────────────────────────────────────

/** The default lexicon with the village's edits applied (edited terms first changed in place). */
export function effectiveLexicon(edits: readonly StoredLexiconEdit[]): { terms: (LexiconTerm & { edited: boolean })[]; removedDefaults: number } {
  const byKey = new Map(edits.map((e) => [e.key, e]));
  const defaults = new Set<string>();
  const terms: (LexiconTerm & { edited: boolean })[] = [];
  let removedDefaults = 0;
  for (const t of DEFAULT_LEXICON) {
    const key = normaliseTerm(t.term);
    defaults.add(key);
    const edit = byKey.get(key);
    if (!edit) terms.push({ ...t, edited: false });
    else if (edit.removed) removedDefaults++;
    else terms.push({ term: edit.term, category: edit.category, weight: edit.weight, action: edit.action, edited: true });
  }
  for (const e of edits) if (!e.removed && !defaults.has(e.key)) terms.push({ term: e.term, category: e.category, weight: e.weight, action: e.action, edited: true });
  return { terms, removedDefaults };
}

/**
 * One compiled scanner per village lexicon version, kept while the function instance lives: compiling
 * the automaton costs milliseconds, a scan microseconds. The version comes with every read of the
 * settings, so an edit is seen by the very next message on any instance.
 */
const scanners = new Map<string, { key: string; scanner: Scanner }>();

export function scannerFor(settings: SettingsDoc | null): Scanner {
  const thresholds = settings?.thresholds ?? {};
  if (!settings || (settings.lexiconEdits.length === 0 && Object.keys(thresholds).length === 0)) return defaultScanner();
  // the thresholds are part of the key: a committee's change takes effect on the next message
  const key = `${settings.lexiconVersion}:${JSON.stringify(thresholds)}`;
  const cached = scanners.get(settings.villageId);
  if (cached && cached.key === key) return cached.scanner;
  const lexicon = settings.lexiconEdits.length === 0 ? DEFAULT_LEXICON : effectiveLexicon(settings.lexiconEdits).terms.map(({ edited: _edited, ...t }) => t);
  const silenced = settings.lexiconEdits.filter((e) => e.removed).map((e) => e.key);
  const scanner = createScanner(lexicon, { thresholds, silenced });
  if (scanners.size > 200) scanners.clear();
  scanners.set(settings.villageId, { key, scanner });
  return scanner;
}

/** What a message's document keeps of its scan: the decision, the spans, the scores and the evidence in words. */
export function scanView(scanner: Scanner, text: string): ScanView {
  // the words are kept where someone will read them (a decided category, a highlighted word): most chat
  // lines have neither, and a village's import would otherwise store a paragraph per line
  const r = scanner.scan(text);
  const evidence = r.categories.length > 0 || r.spans.length > 0 ? scanner.explain(text).evidence : [];
  return { categories: r.categories, urgency: r.urgency, action: r.action, spans: r.spans, scores: r.scores, evidence };
}

// ─── the one read ─────────────────────────────────────────────────────────────────────────────────

const CALLER_FIELDS = ['kind', 'villageId', 'villageName', 'townshipId', 'townshipName', 'openid', 'status', 'roles', 'gridIds', 'name', 'householdId', 'gridId', 'offline', 'inboxSeenAt', 'inboxReadIds'];

/** months the board shows pinned fraud warnings from: this one and the two before (Beijing time) */
const PINNED_MONTHS = 3;
const monthOf = (at: number, back: number): string => {
  const d = new Date(at + 8 * 3600_000);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
};
/** A pinned warning's key: its village and the month it was pinned, so one $lookup finds the recent ones. */
export const pinKey = (villageId: string, at: number): string => `${villageId}|${monthOf(at, 0)}`;
const recentPinKeys = (villageId: string, now: number): string[] => Array.from({ length: PINNED_MONTHS }, (_, i) => `${villageId}|${monthOf(now, i)}`);

export interface PatrolRead {
  caller: MemberDoc;
  settings: SettingsDoc | null;
  /** the patrol documents asked for by id */
  docs: Map<string, Doc>;
  /** open leads sharing a band key with the asked ones (near-duplicate candidates) */
  similar: MessageDoc[];
  /** leads the caller flagged (their flag weight) */
  myFlags: MessageDoc[];
  /** the village's grids (when asked) */
  grids: { gridId: string; name: string }[];
  /** fraud warnings pinned in the last three months, newest first (when asked) */
  pinned: MessageDoc[];
  /** my standing's stamp, my grid and its workers included (kernel/auth.ts memberStamp; when asked) */
  stamp: string | null;
  /** the 积分 and 议事 tabs' stamps (when asked: ledger/tab-stamp.ts, deliberation/tab-stamp.ts) */
  tabStamps: TabStamps | null;
}

/**
 * The caller's register entry, the village's patrol settings, the patrol documents named by id, and —
 * when asked — near-duplicate candidates and the caller's flag history: ONE round trip, an aggregate
 * on `register` that joins `patrol` with $lookup (CloudBase has no cross-collection `_id in`). The
 * caller's entry is projected to the fields the checks need.
 */
export async function loadPatrol(
  ctx: Ctx,
  villageId: string,
  opts: { ids?: string[]; bandKeys?: string[]; myFlags?: boolean; village?: boolean; pinned?: boolean; stamp?: boolean; tabStamps?: boolean } = {},
): Promise<PatrolRead> {
  const ids = [...new Set(opts.ids ?? [])];
  for (const id of ids) if (!id.startsWith(`${villageId}:`)) throw new AppError('village_mismatch');
  const callerId = memberIdOf(villageId, ctx.openid);
  const project: Record<string, unknown> = Object.fromEntries(CALLER_FIELDS.map((f) => [f, 1]));
  project.want = { $literal: ids.length ? ids : ['-'] };
  project.bands = { $literal: opts.bandKeys?.length ? opts.bandKeys : ['-'] };
  const pipeline: Record<string, unknown>[] = [
    { $match: { _id: callerId } },
    { $project: project },
    { $lookup: { from: PATROL, localField: 'villageId', foreignField: '_id', as: 'settingsDocs' } },
  ];
  if (ids.length) pipeline.push({ $lookup: { from: PATROL, localField: 'want', foreignField: '_id', as: 'wantDocs' } });
  if (opts.bandKeys?.length) pipeline.push({ $lookup: { from: PATROL, localField: 'bands', foreignField: 'bandKeys', as: 'similarDocs' } });
  // the village's register entry (account's `${v}:village`: its grids), for views that list every grid —
  // unless the stamp's stages below join it already (as `villageDocs` too)
  if (opts.village && !opts.stamp) {
    project.villageDocId = { $literal: `${villageId}:village` };
    pipeline.push({ $lookup: { from: REGISTER, localField: 'villageDocId', foreignField: '_id', as: 'villageDocs' } });
  }
  if (opts.myFlags) pipeline.push({ $lookup: { from: PATROL, localField: '_id', foreignField: 'flaggerIds', as: 'flagDocs' } });
  // the pinned fraud warnings of the last months (index pinned_in): the board's and 听通知's, in this same read
  if (opts.pinned) {
    project.pinKeys = { $literal: recentPinKeys(villageId, ctx.now) };
    pipeline.push({ $lookup: { from: PATROL, localField: 'pinKeys', foreignField: 'pinnedIn', as: 'pinnedDocs' } });
  }
  // my standing's stamp covers my grid and its workers (the phone's kept `me` shows them): the village's
  // entry and the people of my grid, in this same read
  if (opts.stamp) pipeline.push(...myGridStages());
  // and the stamps of the tabs the phone keeps (积分, 议事): the second screen of an open then costs no call
  // while nothing it shows has changed
  if (opts.tabStamps) pipeline.push(...ledgerStampStages(villageId), ...topicsStampStages(villageId));
  pipeline.push({ $limit: 1 });
  const [row] = await ctx.store.aggregate(REGISTER, pipeline);
  const list = (v: unknown): Doc[] => (Array.isArray(v) ? (v.filter((d) => d && typeof d === 'object') as Doc[]) : []);
  const caller = activeMember(row ? ({ ...row, _id: callerId } as Doc) : null, villageId);
  const settings = (list(row?.settingsDocs).find((d) => d.kind === 'settings' && d.villageId === villageId) as SettingsDoc | undefined) ?? null;
  const docs = new Map(list(row?.wantDocs).filter((d) => d.villageId === villageId).map((d) => [d._id, d]));
  const open = (d: Doc): d is MessageDoc => isMessage(d) && d.villageId === villageId && d.leadId === d._id && (d.leadStatus === 'open' || d.leadStatus === 'escalated');
  const seen = new Set<string>();
  const similar = list(row?.similarDocs).filter((d): d is MessageDoc => open(d) && !seen.has(d._id) && !!seen.add(d._id));
  const myFlags = list(row?.flagDocs).filter((d): d is MessageDoc => isMessage(d) && d.villageId === villageId);
  const village = list(row?.villageDocs).find((d) => d.kind === 'village' && d.villageId === villageId) ?? null;
  const grids = Array.isArray(village?.grids) ? (village.grids as { gridId: string; name: string }[]) : [];
  const pinned = list(row?.pinnedDocs)
    .filter((d): d is MessageDoc => isMessage(d) && d.villageId === villageId && d.warningPinned)
    .sort((a, b) => (b.warnedAt ?? 0) - (a.warnedAt ?? 0) || a._id.localeCompare(b._id));
  const stamp = opts.stamp ? memberStamp(caller, myGridOf(caller, row)) : null;
  const tabStamps = opts.tabStamps ? { ledger: ledgerStampOf(caller, row), topics: topicsStampOf(row) } : null;
  return { caller, settings, docs, similar, myFlags, grids, pinned, stamp, tabStamps };
}

// ─── who sees what ────────────────────────────────────────────────────────────────────────────────

export const isCommittee = (m: MemberDoc): boolean => m.roles.includes('committee');
export const isGridWorker = (m: MemberDoc): boolean => m.roles.includes('grid_worker');

/** A grid worker or the committee; `forbidden` for everyone else. */
export function requireTriager(m: MemberDoc): MemberDoc {
  if (!isCommittee(m) && !isGridWorker(m)) throw new AppError('forbidden');
  return m;
}

/** The committee acts anywhere; a grid worker in their grids (a message without a grid is the committee's). */
export function requireInScope(m: MemberDoc, gridId: string | null): void {
  if (isCommittee(m)) return;
  if (!isGridWorker(m)) throw new AppError('forbidden');
  if (!gridId || !(m.gridIds ?? []).includes(gridId)) throw new AppError('village_mismatch');
}

/** The grid a worker files what they bring in under: the one they name (if theirs), else their first. */
export function intakeGrid(m: MemberDoc, requested: string | undefined): string | null {
  if (requested) {
    if (isCommittee(m) || (m.gridIds ?? []).includes(requested)) {
      if (!requested.startsWith(`${m.villageId}:`)) throw new AppError('grid_not_in_scope');
      return requested;
    }
    throw new AppError('grid_not_in_scope');
  }
  if (isGridWorker(m) && (m.gridIds ?? []).length) return m.gridIds[0];
  return m.gridId ?? null;
}

// ─── views ────────────────────────────────────────────────────────────────────────────────────────

/** The replies of a post a member sees, oldest first: the shown ones and their own held ones (getThread, and the board's short threads). */
export function repliesSeenBy(rows: MessageDoc[], postId: string, villageId: string, callerId: string): MessageDoc[] {
  return rows
    .filter((r) => r.threadId === postId && r.villageId === villageId && (r.visibility === 'shown' || r.authorId === callerId))
    .sort((a, b) => a.postedAt - b.postedAt || a._id.localeCompare(b._id));
}

export function postView(d: MessageDoc, callerId: string, replyCount = 0): PostView {
  return {
    postId: d._id,
    source: d.source,
    authorName: d.authorName,
    mine: d.authorId === callerId,
    text: d.text,
    photos: d.photos ?? [],
    voice: d.voice ?? null,
    postedAt: d.postedAt,
    visibility: d.visibility,
    rejectReason: d.authorId === callerId ? d.rejectReason : null,
    replyCount,
    warning: d.warningPinned && d.warningText ? { text: d.warningText, byName: d.handledByName ?? '', at: d.warnedAt ?? d.postedAt } : null,
    officialReply: d.replyText ? { text: d.replyText, byName: d.handledByName ?? '', at: d.handledAt ?? d.postedAt } : null,
    flaggedByMe: (d.flaggerIds ?? []).includes(callerId),
  };
}

export function leadCard(d: MessageDoc, count: number, flagCount: number): LeadCard {
  const closed = d.leadStatus !== 'open' && d.leadStatus !== null && d.handledAt !== null;
  return {
    leadId: d._id,
    status: d.leadStatus ?? 'open',
    source: d.source,
    authorName: d.authorName,
    text: d.text,
    postedAt: d.postedAt,
    leadAt: d.leadAt ?? d.postedAt,
    gridId: d.gridId,
    groupName: d.groupName,
    scan: d.scan,
    priority: d.priority,
    count,
    flagCount,
    held: d.visibility === 'held',
    handled: closed
      ? { byName: d.handledByName ?? '', at: d.handledAt ?? 0, reason: d.dismissReason, replyText: d.replyText, warningText: d.warningText, ticketId: d.ticketId }
      : null,
  };
}

/** A flagger's weight: 1 for a newcomer, growing towards 5 as more of their flags are confirmed. */
export function flagWeight(confirmed: number, decided: number): number {
  return Math.round((1 + (4 * confirmed) / (decided + 2)) * 100) / 100;
}

export const FLAG_PRIORITY = 10;
