/**
 * ledgerHome — a household's balance and statement (every entry with its source and running balance,
 * newest first, paged by the entries' `seq` — the cursor is the last `seq` shown), its latest claims and
 * redemptions with their pickup codes, the catalogue, and what the caller may do. One read: the page, the
 * count and the latest claims and redemptions come through the index (household, kind, …), never the
 * whole history.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { hasRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { Stage } from '../kernel/store';
import { isKeeper, mayActForOthers, maySeeHousehold } from './access';
import { idSchema, type LedgerHomeOutput, pageSchema, villageIdSchema } from './contract';
import { accountIdOf, catalogueView, claimView, entryView, loadLedger, redemptionView, type ClaimDoc, type EntryDoc, type LoadSpec, type PickupDoc } from './model';

/** the latest claims and redemptions the page shows (open ones are always among the latest in practice) */
const LATEST = 30;

export const ledgerHome = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema.optional(), ...pageSchema }),
  output: returns<LedgerHomeOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, input) => {
    const { villageId, householdId: asked, pageSize } = input;
    const before = input.cursor === undefined ? null : /^[1-9]\d{0,8}$/.test(input.cursor) ? Number(input.cursor) : NaN;
    if (Number.isNaN(before)) throw new AppError('invalid_input');
    // the asked household by its id; the caller's own through their register entry
    const of = (match: Record<string, unknown>, then: Stage[]) => ({ match: { ...match, ...(asked ? { householdId: asked } : {}) }, then, ofHouseholds: !asked });
    const more: LoadSpec['more'] = {
      page: of({ kind: 'entry', ...(before ? { seq: { $lt: before } } : {}) }, [{ $sort: { seq: -1 } }, { $limit: pageSize + 1 }]),
      claims: of({ kind: 'claim' }, [{ $sort: { createdAt: -1 } }, { $limit: LATEST }]),
      redemptions: of({ kind: 'entry', entryKind: 'redeem' }, [{ $sort: { seq: -1 } }, { $limit: LATEST }]),
    };
    const loaded = await loadLedger(ctx, villageId, asked ? { people: [asked], ledgerIds: [accountIdOf(asked)], more } : { households: true, more });
    const { caller, book } = loaded;
    const householdId = asked ?? caller.householdId;
    const household = householdId ? loaded.householdDocs.get(householdId) : undefined;
    if (asked) {
      if (!household) throw new AppError('not_found');
      if (!maySeeHousehold(caller, asked, household.gridId)) throw new AppError('forbidden');
    }
    const account = householdId ? loaded.accounts.get(householdId) : undefined;
    const mine = <D extends { householdId?: unknown }>(docs: D[]) => docs.filter((d) => d.householdId === householdId);
    const page = mine(loaded.more.page as EntryDoc[]);
    const items = page.slice(0, pageSize);
    return {
      villageId,
      householdId: householdId ?? null,
      householdName: account?.householdName ?? (household ? `${household.headName}户` : null),
      balance: account?.balance ?? 0,
      earned: account?.earned ?? 0,
      spent: account?.spent ?? 0,
      optOut: account?.optOut ?? false,
      statement: { items: items.map(entryView), nextCursor: page.length > pageSize ? String(items[items.length - 1].seq) : null, total: account?.entries ?? 0 },
      claims: mine(loaded.more.claims as ClaimDoc[]).map(claimView),
      redemptions: mine(loaded.more.redemptions as EntryDoc[])
        .filter((e): e is EntryDoc & { pickup: PickupDoc } => !!e.pickup)
        .map(redemptionView),
      catalogue: catalogueView(book),
      can: {
        review: hasRole(caller, ['committee']),
        editRules: hasRole(caller, ['committee']),
        claimForOthers: mayActForOthers(caller),
        keepShop: isKeeper(caller),
      },
    };
  },
});
