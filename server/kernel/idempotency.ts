/**
 * Safe retries (TigerBeetle-style): every write carries the client-made requestId. The document a request
 * changes or creates keeps a marker `reqs.<requestId> = { h: content hash, at, out: outcome }`, written in
 * the SAME update as the change — so the change and its marker land together or not at all.
 *
 * A command reads its target first (it has to, for its checks), then:
 * - no marker: a fresh request → compare-and-set with `reqs.<requestId>` absent in the condition, then audit;
 * - marker, same hash: a retry → answer the stored outcome and re-append the audit record (a no-op unless
 *   the first try died between its write and its audit: the retry heals it);
 * - marker, other hash: the id was reused for other content → `exists_with_different_content`, nothing written.
 *
 * Scope: a requestId is unique per target document (and created documents take ids derived from
 * caller + requestId, so a retried create lands on the same document).
 *
 * The window (IDEMPOTENCY_WINDOW_MS, 7 days): markers are kept at least that long, then the next write to
 * their document removes them — `withMarkerPruning` adds `$unset: { 'reqs.<old>': true }` (the SDK's
 * `_.remove()`) to the update that writes this request's marker, for the stale markers on the document as
 * this invocation read it: no extra round trip, no timer. A document nobody writes again keeps its markers
 * (they cost nothing there). The marker of the request that CREATED a document (`created: true`) is never
 * pruned: a late retry of a create is always answered from it.
 * Why 7 days: a client retries a failed call at once and its outbox (client/src/state/outbox.ts) every 15 s
 * while the app is open, so nearly every retry comes within minutes; what is older is a draft kept on a
 * phone that stayed offline (a trip away) or a refused draft sent again by hand — and those drafts are
 * posts, reports, claims, votes: creates (answered from the kept creation marker) or nonce-keyed votes.
 * After the window, an UPDATE whose marker is gone is run as a new request: it passes only the checks any new
 * request must pass — state transitions (a ticket or topic has moved on: refused), membership guards
 * (seconded, flagged, supported once), ids derived from the requestId (a ledger leg posted once), version
 * compare-and-set (settings edited since: `conflict`). An update with no such guard is applied again
 * (docs/ARCHITECTURE.md lists them). The window is not a client clock check: a phone's clock may be wrong.
 */
import type { Ctx } from './context';
import { AppError } from './errors';
import type { Doc, Query, Store, TxnOps, Update } from './store';

/** How long a request's marker is kept for sure (see above: covers retries and the outbox's usual life). */
export const IDEMPOTENCY_WINDOW_MS = 7 * 24 * 3600_000;

export interface Marker<T = unknown> {
  h: string;
  at: number;
  out: T;
  /** the request that created the document: kept for good, so a late retry of the create is answered */
  created?: true;
}

export type Prior<T> = { kind: 'fresh' } | { kind: 'replay'; at: number; out: T };

/** What the target document says about this request. Throws `exists_with_different_content`. */
export function priorOf<T>(ctx: Ctx, doc: Doc | null | undefined): Prior<T> {
  const reqs = doc?.reqs as Record<string, Marker<T>> | undefined;
  const marker = reqs?.[ctx.requestId];
  if (!marker) return { kind: 'fresh' };
  if (marker.h !== ctx.requestHash) throw new AppError('exists_with_different_content');
  return { kind: 'replay', at: marker.at, out: marker.out };
}

/** `$set` entries that record this request on the document it changes. */
export function markerSet<T>(ctx: Ctx, out: T): Record<string, Marker<T>> {
  return { [`reqs.${ctx.requestId}`]: { h: ctx.requestHash, at: ctx.now, out } };
}

/** The marker map for a document created by this request. */
export function markerField<T>(ctx: Ctx, out: T): { reqs: Record<string, Marker<T>> } {
  return { reqs: { [ctx.requestId]: { h: ctx.requestHash, at: ctx.now, out, created: true } } };
}

/** Condition for a compare-and-set: this request has not been applied to the document yet. */
export function notYetApplied(ctx: Ctx): Query {
  return { [`reqs.${ctx.requestId}`]: { $exists: false } };
}

/** The ids of the markers on this document that the window lets go (never the creation marker). */
export function staleMarkerIds(doc: Record<string, unknown> | null | undefined, now: number): string[] {
  const reqs = doc?.reqs;
  if (!reqs || typeof reqs !== 'object' || Array.isArray(reqs)) return [];
  const before = now - IDEMPOTENCY_WINDOW_MS;
  return Object.entries(reqs as Record<string, Partial<Marker> | null>)
    .filter(([, m]) => !!m && typeof m === 'object' && !m.created && typeof m.at === 'number' && m.at < before)
    .map(([id]) => id);
}

/**
 * The store one invocation writes through: it notes the stale markers of every document it reads (also the
 * documents an aggregate's `$lookup` joined into a row), and an update that writes THIS request's marker on
 * one of those documents (by `_id`) also unsets them — the pruning rides on the write that already happens.
 * A document read without its `reqs` (a projection) is not pruned.
 */
export function withMarkerPruning(store: Store, requestId: string, now: number): Store {
  const stale = new Map<string, string[]>();
  const note = (doc: Record<string, unknown> | null | undefined): void => {
    if (!doc || typeof doc._id !== 'string') return;
    const ids = staleMarkerIds(doc, now).filter((id) => id !== requestId);
    if (ids.length) stale.set(doc._id, ids);
    else stale.delete(doc._id);
  };
  // an aggregate's row, and the documents its $lookup stages joined in (the ledger reads an account that way)
  const noteJoined = (row: Record<string, unknown>): void => {
    note(row);
    for (const value of Object.values(row)) {
      if (Array.isArray(value)) for (const item of value) if (item && typeof item === 'object') note(item as Record<string, unknown>);
    }
  };
  const ownMarker = `reqs.${requestId}`;
  const pruned = (id: unknown, u: Update): Update => {
    const ids = typeof id === 'string' ? stale.get(id) : undefined;
    if (!ids || !u.$set || !(ownMarker in u.$set)) return u;
    // a path the update writes itself (or the whole map) is not also unset: that would be two operators on one field
    const touched = [...Object.keys(u.$set), ...Object.keys(u.$inc ?? {}), ...Object.keys(u.$push ?? {}), ...Object.keys(u.$addToSet ?? {}), ...Object.keys(u.$pull ?? {})];
    const gone = ids.map((m) => `reqs.${m}`).filter((path) => !touched.some((t) => t === 'reqs' || t === path || t.startsWith(`${path}.`)));
    if (!gone.length) return u;
    return { ...u, $unset: { ...(u.$unset ?? {}), ...Object.fromEntries(gone.map((path) => [path, true as const])) } };
  };
  return {
    async getMany(c, ids) {
      const docs = await store.getMany(c, ids);
      docs.forEach(note);
      return docs;
    },
    async get(c, id) {
      const doc = await store.get(c, id);
      note(doc);
      return doc;
    },
    async find(c, q, o) {
      const docs = await store.find(c, q, o);
      docs.forEach(note);
      return docs;
    },
    create: (c, d) => store.create(c, d),
    createMany: (c, d) => store.createMany(c, d),
    // a whole document written back: its stale markers are simply not written again
    put: (c, d) => store.put(c, withoutStale(d, now, requestId)),
    updateWhere: (c, q, u) => store.updateWhere(c, q, pruned((q as { _id?: unknown })._id, u)),
    async aggregate(c, p) {
      const rows = await store.aggregate(c, p);
      rows.forEach(noteJoined);
      return rows;
    },
    transaction: (run) =>
      store.transaction((t) => {
        const ops: TxnOps = {
          async get(c, id) {
            const doc = await t.get(c, id);
            note(doc);
            return doc;
          },
          create: (c, d) => t.create(c, d),
          update: (c, id, u) => t.update(c, id, pruned(id, u)),
        };
        return run(ops);
      }),
  };
}

function withoutStale<D extends Doc>(doc: D, now: number, requestId: string): D {
  const ids = staleMarkerIds(doc, now).filter((id) => id !== requestId);
  if (!ids.length) return doc;
  const reqs = { ...(doc.reqs as Record<string, Marker>) };
  for (const id of ids) delete reqs[id];
  return { ...doc, reqs };
}
