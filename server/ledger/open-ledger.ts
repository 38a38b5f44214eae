/** openLedger — the committee opens the village's 道德银行 once, with the default rule catalogue. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { loadCaller, requireRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { villageDocId } from '../account/model';
import { newBook } from './catalogue';
import { type CatalogueView, villageIdSchema } from './contract';
import { catalogueView, LEDGER } from './model';

export const openLedger = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<CatalogueView>(),
  who: ['committee'],
  errors: ['ledger_already_open'],
  run: async (ctx, { villageId }) => {
    const { caller, docs } = await loadCaller(ctx, villageId, [villageDocId(villageId)]);
    requireRole(caller, ['committee']);
    const book = newBook(villageId, (docs.get(villageDocId(villageId))?.name as string) ?? caller.villageName, ctx.now, caller._id);
    const out = catalogueView(book);
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: book._id, summary: '开通道德银行（默认积分规则）' };
    try {
      await ctx.store.create(LEDGER, { ...book, ...markerField(ctx, out) });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      // opened before: by this very request (a retry) or by someone else
      const prior = priorOf<CatalogueView>(ctx, await ctx.store.get(LEDGER, book._id));
      if (prior.kind === 'replay') {
        // the first try may have died before its audit record (found by the crash harness): append it now
        await appendAudit(ctx, draft, prior.at);
        return prior.out;
      }
      throw new AppError('ledger_already_open');
    }
    await appendAudit(ctx, draft);
    return out;
  },
});
