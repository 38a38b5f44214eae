/**
 * ledgerHome — a household's balance and statement (every entry with its source and running balance,
 * newest first, paged), its claims and pickup codes, the catalogue, and what the caller may do. One read.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { hasRole } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { maySeeHousehold } from './access';
import { idSchema, type LedgerHomeOutput, pageSchema, villageIdSchema } from './contract';
import { accountIdOf, catalogueView, claimView, entryView, loadLedger, redemptionView } from './model';

export const ledgerHome = defineAction({
  input: z.object({ villageId: villageIdSchema, householdId: idSchema.optional(), ...pageSchema }),
  output: returns<LedgerHomeOutput>(),
  who: ANY_MEMBER,
  errors: ['ledger_not_open'],
  run: async (ctx, input) => {
    const { villageId, householdId: asked, pageSize } = input;
    const loaded = await loadLedger(ctx, villageId, asked ? { people: [asked], ledgerIds: [accountIdOf(asked)] } : { households: true });
    const { caller, book } = loaded;
    const householdId = asked ?? caller.householdId;
    const household = householdId ? loaded.householdDocs.get(householdId) : undefined;
    if (asked) {
      if (!household) throw new AppError('not_found');
      if (!maySeeHousehold(caller, asked, household.gridId)) throw new AppError('forbidden');
    }
    const account = householdId ? loaded.accounts.get(householdId) : undefined;
    const offset = Math.max(0, Number(input.cursor ?? 0) || 0);
    const legs = [...(account?.legs ?? [])].reverse();
    const page = legs.slice(offset, offset + pageSize);
    const ref = account ?? { householdId: householdId ?? '', householdName: household ? `${household.headName}户` : '' };
    return {
      villageId,
      householdId: householdId ?? null,
      householdName: account?.householdName ?? (household ? `${household.headName}户` : null),
      balance: account?.balance ?? 0,
      earned: account?.earned ?? 0,
      spent: account?.spent ?? 0,
      optOut: account?.optOut ?? false,
      statement: { items: page.map(entryView), nextCursor: offset + pageSize < legs.length ? String(offset + pageSize) : null, total: legs.length },
      claims: Object.values(account?.claims ?? {})
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((c) => claimView(ref, c)),
      redemptions: Object.values(account?.redemptions ?? {})
        .sort((a, b) => b.at - a.at)
        .map((r) => redemptionView(ref, r)),
      catalogue: catalogueView(book),
      can: {
        review: hasRole(caller, ['committee']),
        editRules: hasRole(caller, ['committee']),
        claimForOthers: hasRole(caller, ['committee', 'grid_worker']),
        keepShop: hasRole(caller, ['committee', 'shopkeeper']),
      },
    };
  },
});
