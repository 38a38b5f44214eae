/**
 * checkOff (核销) — the shop keeper or the committee types the 6-digit pickup code: the household's
 * redemption becomes `picked` and the code moves to the used list, so a second pickup is refused.
 * One read (the account holding the code comes along), one compare-and-set, one audit record.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { isKeeper } from './access';
import { type RedemptionView, villageIdSchema } from './contract';
import { LEDGER, loadLedger, redemptionView } from './model';

type Out = { redemption: RedemptionView };

export const checkOff = defineAction({
  input: z.object({ villageId: villageIdSchema, code: z.string().regex(/^\d{6}$/, 'code') }),
  output: returns<{ redemption: RedemptionView }>(),
  who: ['committee', 'shopkeeper'],
  errors: ['ledger_not_open', 'pickup_code_not_found', 'pickup_code_used', 'pickup_code_cancelled'],
  run: async (ctx, { villageId, code }) => {
    const { caller, byCode } = await loadLedger(ctx, villageId, { codes: [code], usedCodes: true });
    if (!isKeeper(caller)) throw new AppError('forbidden');
    const account = byCode.find((a) => (a.openCodes ?? []).includes(code)) ?? byCode.find((a) => (a.usedCodes ?? []).includes(code));
    if (!account) throw new AppError('pickup_code_not_found');
    const redemption = Object.values(account.redemptions ?? {}).find((r) => r.code === code);
    if (!redemption) throw new AppError('pickup_code_not_found');
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: account._id,
      summary: `核销提货码：${account.householdName}领取 ${redemption.goodsName} ${redemption.qty}${redemption.unit}`,
      details: { redemptionId: redemption.redemptionId },
      notify: [redemption.byId, ...(redemption.onBehalfOf ? [redemption.onBehalfOf] : [])],
    };
    const prior = priorOf<Out>(ctx, account);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if (redemption.status === 'picked') throw new AppError('pickup_code_used');
    if (redemption.status === 'cancelled') throw new AppError('pickup_code_cancelled');
    const picked = { ...redemption, status: 'picked' as const, pickedAt: ctx.now, pickedBy: caller._id };
    const out: Out = { redemption: redemptionView(account, picked) };
    const path = `redemptions.${redemption.redemptionId}`;
    const updated = await ctx.store.updateWhere(
      LEDGER,
      { _id: account._id, [`${path}.status`]: 'reserved', ...notYetApplied(ctx) },
      { $set: { [path]: picked, ...markerSet(ctx, out) }, $pull: { openCodes: code }, $push: { usedCodes: code } },
    );
    // two keepers typing the same code at once: the second finds it used
    if (updated !== 1) throw new AppError('pickup_code_used');
    await appendAudit(ctx, draft);
    return out;
  },
});
