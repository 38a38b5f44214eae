/**
 * A catalogue or settings edit (saveRule, saveSettings): a compare-and-set on the catalogue version the
 * editor saw (two editors cannot silently overwrite each other); entries already posted keep the version
 * and points they were posted with — an edit never touches them.
 */
import { appendAudit } from '../kernel/audit';
import type { MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import type { CatalogueView } from './contract';
import { catalogueView, LEDGER, type BookDoc } from './model';

export async function changeBook(
  ctx: Ctx,
  caller: MemberDoc,
  book: BookDoc,
  baseVersion: number,
  change: Record<string, unknown>,
  summary: string,
  texts: string[],
  details: Record<string, unknown>,
): Promise<CatalogueView> {
  const draft = { villageId: book.villageId, actorId: caller._id, actorName: caller.name, targetId: book._id, summary, details };
  const prior = priorOf<CatalogueView>(ctx, book);
  if (prior.kind === 'replay') {
    await appendAudit(ctx, draft, prior.at);
    return prior.out;
  }
  if (baseVersion !== book.version) throw new AppError('catalogue_changed');
  await requireCleanText(ctx, texts);
  const next = { ...book, ...applyPaths(book, change), version: book.version + 1 } as BookDoc;
  const out = catalogueView(next);
  const updated = await ctx.store.updateWhere(LEDGER, { _id: book._id, version: book.version, ...notYetApplied(ctx) }, { $set: { ...change, version: book.version + 1, ...markerSet(ctx, out) } });
  if (updated !== 1) throw new AppError('catalogue_changed');
  await appendAudit(ctx, draft);
  return out;
}

/** the book as it will be after `$set` of dotted paths one level deep (rules.<id>) */
function applyPaths(book: BookDoc, change: Record<string, unknown>): Partial<BookDoc> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(change)) {
    const [head, key] = path.split('.');
    if (key) out[head] = { ...((out[head] ?? book[head]) as object), [key]: value };
    else out[head] = value;
  }
  return out as Partial<BookDoc>;
}
