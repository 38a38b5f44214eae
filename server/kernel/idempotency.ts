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
 */
import type { Ctx } from './context';
import { AppError } from './errors';
import type { Doc, Query } from './store';

export interface Marker<T = unknown> {
  h: string;
  at: number;
  out: T;
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
  return { reqs: { [ctx.requestId]: { h: ctx.requestHash, at: ctx.now, out } } };
}

/** Condition for a compare-and-set: this request has not been applied to the document yet. */
export function notYetApplied(ctx: Ctx): Query {
  return { [`reqs.${ctx.requestId}`]: { $exists: false } };
}
