/**
 * saveRule / saveSettings — the committee edits the catalogue. A compare-and-set on the catalogue version
 * the editor saw (two editors cannot silently overwrite each other); a rule's own version bumps, and
 * entries already posted keep the version and points they were posted with — an edit never touches them.
 */
import { appendAudit } from '../kernel/audit';
import { requireRole, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { eventTypesOf } from './catalogue';
import { PERIODS, YEAR_END, type CatalogueView, type LedgerParsed } from './contract';
import { catalogueView, LEDGER, loadLedger, type BookDoc, type RuleDoc } from './model';

export async function saveRule(ctx: Ctx, input: LedgerParsed<'saveRule'>): Promise<CatalogueView> {
  const { villageId } = input;
  const { caller, book } = await loadLedger(ctx, villageId);
  requireRole(caller, ['committee']);
  const ruleId = input.ruleId ?? `r${ctx.newId('rule').slice(0, 8)}`;
  const before = book.rules[ruleId];
  if (input.ruleId && !before) throw new AppError('unknown_rule');
  const rule: RuleDoc = {
    ruleId,
    category: input.category,
    name: input.name,
    points: input.points,
    period: input.period,
    limit: input.limit,
    source: input.source,
    enabled: input.enabled,
    note: input.note,
    version: (before?.version ?? 0) + 1,
    updatedAt: ctx.now,
    updatedBy: caller._id,
  };
  const rules = { ...book.rules, [ruleId]: rule };
  const categories = book.categories.includes(rule.category) ? book.categories : [...book.categories, rule.category];
  const summary = before
    ? `修改积分规则「${rule.name}」：${before.points} → ${rule.points} 分，${PERIODS[rule.period]}${rule.limit ?? '不限'}次，${rule.enabled ? '启用' : '停用'}`
    : `新增积分规则「${rule.name}」${rule.points} 分`;
  return changeBook(ctx, caller, book, input.baseVersion, { [`rules.${ruleId}`]: rule, categories, eventTypes: eventTypesOf(rules) }, summary, [input.name, input.category, input.note], {
    ruleId,
    before: before ? { points: before.points, version: before.version, enabled: before.enabled } : null,
    after: { points: rule.points, version: rule.version, enabled: rule.enabled },
  });
}

export async function saveSettings(ctx: Ctx, input: LedgerParsed<'saveSettings'>): Promise<CatalogueView> {
  const { villageId } = input;
  const { caller, book } = await loadLedger(ctx, villageId);
  requireRole(caller, ['committee']);
  const settings = { publicNoticeDays: input.publicNoticeDays, yearEnd: input.yearEnd };
  return changeBook(ctx, caller, book, input.baseVersion, { settings }, `设置：公示 ${settings.publicNoticeDays} 天，年底${YEAR_END[settings.yearEnd]}`, [], settings);
}

async function changeBook(
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
