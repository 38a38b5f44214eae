/**
 * shop — the 积分超市: goods on the shelf, my household's balance, and for the keeper the pickups waiting.
 * One read (the waiting redemptions come by index). The keeper's list has no codes: a code is what the household shows at the counter, so whoever
 * holds the list could otherwise hand anyone's goods out (checkOff by the typed code is all a keeper needs).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { isKeeper } from './access';
import { type PickupWaiting, type ShopOutput, villageIdSchema } from './contract';
import { goodsView, loadLedger, redemptionView, type EntryDoc, type PickupDoc } from './model';

/** pickups waiting at the counter the keeper's list shows */
const MAX_WAITING = 200;

export const shop = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<ShopOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, { villageId }) => {
    // the keeper's view needs the village's waiting redemptions; a villager's only their own balance
    const waiting = { match: { kind: 'entry', 'pickup.status': 'reserved' }, then: [{ $sort: { at: 1 } }, { $limit: MAX_WAITING }] };
    const loaded = await loadLedger(ctx, villageId, { goods: true, households: true, more: { waiting } });
    const { caller } = loaded;
    const keeper = isKeeper(caller);
    const mine = caller.householdId ? loaded.accounts.get(caller.householdId) : undefined;
    const openPickups: PickupWaiting[] = keeper
      ? (loaded.more.waiting as (EntryDoc & { pickup: PickupDoc })[]).map((e) => {
          const { code: _code, ...rest } = redemptionView(e); // eslint-disable-line @typescript-eslint/no-unused-vars
          return rest;
        })
      : [];
    return {
      goods: loaded.goods
        .filter((g) => keeper || g.active)
        .sort((a, b) => a.price - b.price || a.name.localeCompare(b.name))
        .map(goodsView),
      balance: mine?.balance ?? 0,
      householdId: caller.householdId ?? null,
      openPickups,
      can: { keepShop: keeper },
    };
  },
});
