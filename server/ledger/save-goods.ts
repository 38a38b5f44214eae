/** saveGoods — the shop keeper (or committee) puts goods on the shelf, changes them, and moves stock by `addStock`. */
import { z } from 'zod';
import { text } from '../kernel/text';
import { fileIdSchema } from '../kernel/file-id';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { requireOwnFiles } from '../kernel/files';
import { AppError } from '../kernel/errors';
import { markerField, markerSet, notYetApplied, priorOf } from '../kernel/idempotency';
import { requireCleanText } from '../kernel/openapi';
import { isKeeper } from './access';
import { type GoodsView, idSchema, positiveInt, villageIdSchema } from './contract';
import { goodsIdOf, goodsView, LEDGER, loadLedger, type GoodsDoc } from './model';

export const saveGoods = defineAction({
  input: z.object({
    villageId: villageIdSchema,
    goodsId: idSchema.optional(),
    name: text(20, { min: 1 }),
    unit: text(6, { min: 1 }),
    photo: fileIdSchema.nullable().default(null),
    price: positiveInt(100000),
    addStock: z.number().int().min(-10000).max(10000).default(0),
    active: z.boolean().default(true),
  }),
  output: returns<GoodsView>(),
  who: ['committee', 'shopkeeper'],
  errors: ['ledger_not_open', 'goods_not_found', 'stock_below_zero'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const goodsId = input.goodsId ?? goodsIdOf(villageId, ctx.newId('goods').slice(0, 10));
    const loaded = await loadLedger(ctx, villageId, { ledgerIds: [goodsId] });
    const { caller } = loaded;
    if (!isKeeper(caller)) throw new AppError('forbidden');
    const existing = loaded.docs.get(goodsId) as GoodsDoc | undefined;
    if (input.goodsId && !existing) throw new AppError('goods_not_found');
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: goodsId,
      summary: existing
        ? `修改商品「${input.name}」${input.price} 分/${input.unit}${input.addStock ? `，库存${input.addStock > 0 ? '+' : ''}${input.addStock}` : ''}${input.active ? '' : '，下架'}`
        : `上架商品「${input.name}」${input.price} 分/${input.unit}，库存 ${input.addStock}`,
      details: { price: input.price, addStock: input.addStock, active: input.active },
    };
    const prior = priorOf<GoodsView>(ctx, existing);
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }
    if ((existing?.stock ?? 0) + input.addStock < 0) throw new AppError('stock_below_zero');
    // a new photo is the keeper's own upload; the one already on the goods stays whoever took it
    requireOwnFiles(ctx, villageId, [input.photo], [existing?.photo as string | null | undefined]);
    await requireCleanText(ctx, [input.name, input.unit]);
    const fields = { name: input.name, unit: input.unit, photo: input.photo, price: input.price, active: input.active, updatedAt: ctx.now };
    if (!existing) {
      const doc: GoodsDoc = { _id: goodsId, kind: 'goods', villageId, goodsOf: villageId, ...fields, stock: input.addStock, createdAt: ctx.now };
      const out = goodsView(doc);
      await ctx.store.create(LEDGER, { ...doc, ...markerField(ctx, out) });
      await appendAudit(ctx, draft);
      return out;
    }
    const out = goodsView({ ...existing, ...fields, stock: existing.stock + input.addStock });
    // stock moves by $inc, never by overwriting: a redemption at the same moment is not lost
    const updated = await ctx.store.updateWhere(
      LEDGER,
      { _id: goodsId, ...(input.addStock < 0 ? { stock: { $gte: -input.addStock } } : {}), ...notYetApplied(ctx) },
      { $set: { ...fields, ...markerSet(ctx, out) }, $inc: { stock: input.addStock } },
    );
    if (updated !== 1) throw new AppError(input.addStock < 0 ? 'stock_below_zero' : 'conflict');
    await appendAudit(ctx, draft);
    return out;
  },
});
