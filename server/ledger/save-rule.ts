/**
 * saveRule — the committee adds or changes a rule of the catalogue. A compare-and-set on the catalogue version
 * the editor saw (two editors cannot silently overwrite each other); a rule's own version bumps, and
 * entries already posted keep the version and points they were posted with — an edit never touches them.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { changeBook } from './book-change';
import { eventTypesOf } from './catalogue';
import { type CatalogueView, idSchema, PERIODS, ruleFields, villageIdSchema } from './contract';
import { loadLedger, type RuleDoc } from './model';

export const saveRule = defineAction({
  input: z.object({ villageId: villageIdSchema, ruleId: idSchema.optional(), baseVersion: z.number().int().min(0), ...ruleFields }),
  output: returns<CatalogueView>(),
  who: ['committee'],
  errors: ['ledger_not_open', 'unknown_rule', 'catalogue_changed'],
  run: async (ctx, input) => {
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
  },
});
