/**
 * Claims whose 公示 window ended without an open objection post: phase two, run by the ledgerClock timer
 * (ledger-clock.ts), whose one read across all villages brings the due claims (index
 * kind_status_public_until) with the books. Each household's due claims post in ONE transaction (model.ts):
 * the account read once, each claim read again through it (an objection or a void since the read leaves it
 * alone) and marked posted, its entry `claim:<id>` with the running balance, the account's totals, and one
 * audit record per claim — together or not at all. A deduction takes at most what the household holds
 * (never below zero). A household whose transaction lost a race (a redemption, an objection) posts next tick.
 * Costs: a household with k due claims k + 1 reads (the transaction's gets). An account not opened yet is
 * made from the claim's own copy of the household (name and grid as the register had them when it was
 * claimed): no read of the register.
 */
import { AUDIT, auditRecord } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import type { Ctx } from '../kernel/context';
import type { TxnOps } from '../kernel/store';
import type { TimerOutput } from './contract';
import { accountIdOf, afterEntry, entryFor, issuerIdOf, LEDGER, newAccount, SYSTEM, type AccountDoc, type ClaimDoc, type EntryDoc } from './model';

/** claims posted per tick at most (the rest next tick: a tick stays well inside the function's timeout) */
export const CLAIMS_PER_TICK = 50;

/** The query of the claims due now (ledgerClock reads it in its one `$or`), oldest 公示 first. */
export const dueClaimsQuery = (now: number) => ({ kind: 'claim', status: 'public', publicUntil: { $lte: now } });

export async function postDueClaims(ctx: Ctx, due: ClaimDoc[]): Promise<TimerOutput> {
  const byHousehold = new Map<string, ClaimDoc[]>();
  for (const claim of due.slice(0, CLAIMS_PER_TICK)) byHousehold.set(claim.householdId, [...(byHousehold.get(claim.householdId) ?? []), claim]);
  let posted = 0;
  let skipped = 0;
  let taken = 0;
  for (const claims of byHousehold.values()) {
    // a paced tick (kernel/pace.ts) stops where its budget ends: the rest post next tick
    if (ctx.budget() < householdRequests(claims.length)) break;
    taken += claims.length;
    try {
      posted += await ctx.store.transaction((t) => postHousehold(ctx, t, claims));
    } catch (error) {
      // lost a race with a move on the same account (or an objection): the next tick sees them afresh
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      skipped += claims.length;
    }
  }
  return { processed: taken, posted, skipped };
}

/** one household's transaction: start and commit, the account read and written, per claim its read, its mark, its entry and its audit record */
const householdRequests = (claims: number) => 4 + 4 * claims;

/** One household's due claims, inside its transaction; answers how many posted. */
async function postHousehold(ctx: Ctx, t: TxnOps, found: ClaimDoc[]): Promise<number> {
  const first = found[0];
  const accountId = accountIdOf(first.householdId);
  const stored = (await t.get(LEDGER, accountId)) as AccountDoc | null;
  let account = stored ?? newAccount({ _id: first.householdId, villageId: first.villageId, headName: first.householdName.replace(/户$/, ''), gridId: first.gridId }, ctx.now);
  const entries: EntryDoc[] = [];
  let posted = 0;
  for (const { _id } of found) {
    const claim = (await t.get(LEDGER, _id)) as ClaimDoc | null;
    if (!claim || claim.status !== 'public' || (claim.publicUntil ?? Infinity) > ctx.now) continue;
    // a deduction takes what is there, never more
    const amount = claim.points < 0 ? -Math.min(-claim.points, account.balance) : claim.points;
    await t.update(LEDGER, claim._id, { $set: { status: 'posted', postedAt: ctx.now, updatedAt: ctx.now } });
    if (amount !== 0) {
      const entry = entryFor(account, {
        entryId: `claim:${claim.claimId}`,
        at: ctx.now,
        amount,
        entryKind: 'claim',
        counter: issuerIdOf(claim.villageId),
        ruleId: claim.ruleId,
        ruleName: claim.ruleName,
        ruleVersion: claim.ruleVersion,
        category: claim.category,
        source: claim.claimId,
        memo: amount === claim.points ? `公示期满入账：${claim.note}`.slice(0, 120) : `扣分（积分不足，扣至零）：${claim.note}`.slice(0, 120),
        actorId: SYSTEM.actorId,
      });
      entries.push(entry);
      account = afterEntry(account, entry);
    }
    await t.create(
      AUDIT,
      auditRecord(ctx, {
        villageId: claim.villageId,
        ...SYSTEM,
        actorName: '系统（公示期满）',
        targetId: claim._id,
        summary: `公示期满，${claim.householdName}「${claim.ruleName}」${amount > 0 ? '+' : ''}${amount} 分入账`,
        details: { claimId: claim.claimId, amount },
        notify: [claim.claimantId, ...(claim.onBehalfOf ? [claim.onBehalfOf] : [])],
      }),
    );
    posted += 1;
  }
  if (entries.length > 0) {
    const delta = entries.reduce((s, e) => s + e.amount, 0);
    if (!stored) await t.create(LEDGER, { ...account, earned: delta });
    else await t.update(LEDGER, accountId, { $inc: { balance: delta, earned: delta, entries: entries.length }, $set: { updatedAt: ctx.now } });
    // an entry's id comes from its claim: one posted meanwhile makes this insert, and the household's move, fail
    for (const entry of entries) await t.create(LEDGER, entry);
  }
  return posted;
}
