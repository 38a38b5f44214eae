/**
 * editLexicon — the committee adds, changes or removes terms of the village's lexicon. The edits are
 * applied to the village's stored edits (the default lexicon stays as shipped), the whole resulting
 * lexicon is checked with the scanner's validateLexicon (empty, over-long, duplicate once normalised,
 * bad category / weight / action), and saved with a compare-and-set on the version the editor saw.
 * One read, one write, one audit record listing every edit.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireRole } from '../kernel/auth';
import { AppError, type ErrorCode } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { lexiconEditSchema, villageScoped, type EditLexiconOutput, type LexiconEdit } from './contract';
import { PATROL, effectiveLexicon, loadPatrol, settingsDocId, type SettingsDoc, type StoredLexiconEdit } from './model';
import { POST_LIMITS } from './states';
import { CATEGORY_LABELS, normaliseTerm, validateLexicon, type LexiconErrorCode, type LexiconTerm } from './scan';

const CODE_OF: Record<LexiconErrorCode, ErrorCode> = {
  lexicon_not_a_list: 'lexicon_entry_invalid',
  lexicon_too_large: 'lexicon_too_large',
  lexicon_term_invalid: 'lexicon_entry_invalid',
  lexicon_term_empty: 'lexicon_term_empty',
  lexicon_term_too_short: 'lexicon_term_too_short',
  lexicon_term_too_long: 'lexicon_term_too_long',
  lexicon_term_duplicate: 'lexicon_term_duplicate',
  lexicon_category_invalid: 'lexicon_entry_invalid',
  lexicon_weight_invalid: 'lexicon_entry_invalid',
  lexicon_action_invalid: 'lexicon_entry_invalid',
};

/** One entry on its own: the same checks as the whole list (so the first error names this entry's problem). */
function checkEntry(entry: unknown): LexiconTerm {
  const v = validateLexicon([entry]);
  if (!v.ok) throw new AppError(CODE_OF[v.errors[0].code]);
  return v.lexicon[0];
}

export const editLexicon = defineAction({
  input: z.object({
    ...villageScoped,
    /** getLexicon's version: a stale one is refused */
    baseVersion: z.number().int().min(0),
    edits: z.array(lexiconEditSchema).min(1).max(POST_LIMITS.lexiconEditsMax),
  }),
  output: returns<EditLexiconOutput>(),
  who: ['committee'],
  errors: ['lexicon_version_stale', 'lexicon_term_missing', 'lexicon_term_duplicate', 'lexicon_term_empty', 'lexicon_term_too_short', 'lexicon_term_too_long', 'lexicon_entry_invalid', 'lexicon_too_large'],
  run: async (ctx, input) => {
    const { villageId, baseVersion } = input;
    const { caller, settings } = await loadPatrol(ctx, villageId);
    requireRole(caller, ['committee']);
    const summaryParts: string[] = [];
    const draft = () => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: settingsDocId(villageId),
      summary: `修改巡群词库：${summaryParts.join('；')}`.slice(0, 200),
      details: { edits: input.edits, baseVersion },
    });
    const prior = priorOf<EditLexiconOutput>(ctx, settings);
    if (prior.kind === 'replay') {
      summaryParts.push(...describe(input.edits));
      await appendAudit(ctx, draft(), prior.at);
      return prior.out;
    }
    const version = settings?.lexiconVersion ?? 0;
    if (baseVersion !== version) throw new AppError('lexicon_version_stale');

    const edits = new Map<string, StoredLexiconEdit>((settings?.lexiconEdits ?? []).map((e) => [e.key, e]));
    const present = () => new Set(effectiveLexicon([...edits.values()]).terms.map((t) => normaliseTerm(t.term)));
    for (const edit of input.edits) {
      const live = present();
      if (edit.op === 'remove') {
        const key = normaliseTerm(edit.term);
        if (!live.has(key)) throw new AppError('lexicon_term_missing');
        edits.set(key, { key, removed: true });
        continue;
      }
      const entry = checkEntry(edit.entry);
      const key = normaliseTerm(entry.term);
      if (edit.op === 'add') {
        if (live.has(key)) throw new AppError('lexicon_term_duplicate');
      } else {
        const oldKey = normaliseTerm(edit.term);
        if (!live.has(oldKey)) throw new AppError('lexicon_term_missing');
        if (oldKey !== key) {
          if (live.has(key)) throw new AppError('lexicon_term_duplicate');
          edits.set(oldKey, { key: oldKey, removed: true });
        }
      }
      edits.set(key, { key, ...entry, removed: false });
    }
    const lexicon = effectiveLexicon([...edits.values()]).terms.map(({ edited: _e, ...t }) => t);
    const check = validateLexicon(lexicon);
    if (!check.ok) throw new AppError(CODE_OF[check.errors[0].code]);
    summaryParts.push(...describe(input.edits));

    const out: EditLexiconOutput = { version: version + 1, terms: lexicon.length };
    const stored = [...edits.values()];
    if (!settings) {
      const doc: SettingsDoc = { _id: settingsDocId(villageId), kind: 'settings', villageId, lexiconEdits: stored, lexiconVersion: out.version, updatedAt: ctx.now };
      try {
        await ctx.store.create(PATROL, { ...doc, ...markerField(ctx, out) });
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict') throw new AppError('lexicon_version_stale');
        throw error;
      }
    } else {
      const updated = await ctx.store.updateWhere(
        PATROL,
        { _id: settings._id, lexiconVersion: version, ...notYetApplied(ctx) },
        { $set: { lexiconEdits: stored, lexiconVersion: out.version, updatedAt: ctx.now, ...markerSet(ctx, out) } },
      );
      if (updated !== 1) throw new AppError('lexicon_version_stale');
    }
    await appendAudit(ctx, draft());
    return out;
  },
});

function describe(edits: readonly LexiconEdit[]): string[] {
  return edits.map((e) =>
    e.op === 'remove'
      ? `删除「${e.term}」`
      : e.op === 'add'
        ? `新增「${e.entry.term}」（${CATEGORY_LABELS[e.entry.category as keyof typeof CATEGORY_LABELS] ?? e.entry.category}，权重 ${e.entry.weight}）`
        : `修改「${e.term}」为「${e.entry.term}」（权重 ${e.entry.weight}）`,
  );
}
