/**
 * postDueClaims (timer) — a claim whose 公示 window ended without an open objection posts: phase two.
 * One read finds the due claims across all villages (index kind_status_public_until); each posts in ONE
 * transaction (model.ts): the claim (still public) and the account read through it, the claim marked
 * posted, the account's balance and the entry `claim:<id>` with its running balance, and the audit record —
 * together or not at all. A deduction takes at most what the household holds (never below zero). A claim
 * that moved meanwhile (objected, voided) is left alone; one whose transaction lost a race posts next tick.
 * An idle tick is one read.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord } from '../kernel/audit';
import { REGISTER } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import type { TimerOutput } from './contract';
import { accountIdOf, entryFor, issuerIdOf, LEDGER, newAccount, SYSTEM, type AccountDoc, type ClaimDoc, type HouseholdRegisterDoc } from './model';

const BATCH = 50;

export const postDueClaims = defineAction({
  input: z.object({}),
  output: returns<TimerOutput>(),
  who: 'timer',
  run: async (ctx) => {
    const due = (await ctx.store.find(LEDGER, { kind: 'claim', status: 'public', publicUntil: { $lte: ctx.now } }, { orderBy: [['publicUntil', 'asc']], limit: BATCH })) as ClaimDoc[];
    let posted = 0;
    let skipped = 0;
    for (const found of due) {
      try {
        const done = await ctx.store.transaction(async (t) => {
          const claim = (await t.get(LEDGER, found._id)) as ClaimDoc | null;
          if (!claim || claim.status !== 'public' || (claim.publicUntil ?? Infinity) > ctx.now) return false;
          const accountId = accountIdOf(claim.householdId);
          let account = (await t.get(LEDGER, accountId)) as AccountDoc | null;
          const fresh = !account;
          if (!account) {
            const household = (await t.get(REGISTER, claim.householdId)) as HouseholdRegisterDoc | null;
            account = newAccount(household ?? { _id: claim.householdId, villageId: claim.villageId, headName: claim.householdName.replace(/户$/, ''), gridId: claim.gridId }, ctx.now);
          }
          // a deduction takes what is there, never more
          const amount = claim.points < 0 ? -Math.min(-claim.points, account.balance) : claim.points;
          await t.update(LEDGER, claim._id, { $set: { status: 'posted', postedAt: ctx.now } });
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
            if (fresh) await t.create(LEDGER, { ...account, balance: entry.balanceAfter, earned: amount, entries: entry.seq });
            else await t.update(LEDGER, accountId, { $inc: { balance: amount, earned: amount, entries: 1 } });
            await t.create(LEDGER, entry);
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
          return true;
        });
        if (done) posted += 1;
      } catch (error) {
        // lost a race with a posting on the same account (or an objection): the next tick sees it afresh
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        skipped += 1;
      }
    }
    return { processed: due.length, posted, skipped };
  },
});
