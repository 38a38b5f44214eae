/**
 * shop — the 积分超市: goods on the shelf, my household's balance and its pickup codes waiting at the
 * counter, and for the keeper the village's pickups waiting — everything the page shows, in one answer.
 * One read (the waiting redemptions come by index: village_pickup_status, household_kind_entry_seq). The keeper's list has no codes: a code is what the household shows at the counter, so whoever
 * holds the list could otherwise hand anyone's goods out (checkOff by the typed code is all a keeper needs).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { isKeeper, mayActForOthers } from './access';
import { type PickupWaiting, type ShopOutput, villageIdSchema } from './contract';
import { goodsView, loadLedger, redemptionView, type EntryDoc, type PickupDoc } from './model';

/** pickups waiting at the counter the keeper's list shows */
const MAX_WAITING = 200;
/** my household's own codes waiting (a household rarely has more than a few) */
const MAX_MINE = 30;

export const shop = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<ShopOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, { villageId }) => {
    // the keeper's view needs the village's waiting redemptions; a villager's only their own balance
    const waiting = { match: { kind: 'entry', 'pickup.status': 'reserved' }, then: [{ $sort: { at: 1 } }, { $limit: MAX_WAITING }] };
    // my household's codes: through the caller's register entry (ofHouseholds), in the same read
    const mine = { match: { kind: 'entry', entryKind: 'redeem', 'pickup.status': 'reserved' }, then: [{ $sort: { seq: -1 } }, { $limit: MAX_MINE }], ofHouseholds: true };
    const loaded = await loadLedger(ctx, villageId, { goods: true, households: true, more: { waiting, mine } });
    const { caller } = loaded;
    const keeper = isKeeper(caller);
    const account = caller.householdId ? loaded.accounts.get(caller.householdId) : undefined;
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
      balance: account?.balance ?? 0,
      householdId: caller.householdId ?? null,
      openPickups,
      myPickups: (loaded.more.mine as (EntryDoc & { pickup?: PickupDoc })[])
        .filter((e): e is EntryDoc & { pickup: PickupDoc } => !!e.pickup && !!caller.householdId && e.householdId === caller.householdId)
        .map(redemptionView),
      can: { keepShop: keeper, redeemForOthers: mayActForOthers(caller) },
    };
  },
});
