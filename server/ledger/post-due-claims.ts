/**
 * postDueClaims (timer) — a claim whose 公示 window ended without an open objection posts: phase two.
 * Per account, every due claim posts in ONE compare-and-set on the balance as read (so running balances
 * are exact) with each claim still `public` and its entry id not yet posted; a deduction takes at most
 * what the household holds (never below zero). Costs: 1 read + 1 write per account + 1 audit batch.
 * The same tick appends the audit records waiting in accounts' outboxes (redemptions, cancellations) and
 * settles the goods' stock holds (hold.ts) from the same read: 1 append + 1 per account, 1 read + 1 per hold settled.
 * An idle tick is one read.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { AuditDraft } from '../kernel/audit';
import type { TimerOutput } from './contract';
import { dueAtAfter, issuerIdOf, LEDGER, legFor, postedKey, type AccountDoc, type ClaimDoc, type GoodsDoc, type LegDoc } from './model';
import { drainAuditOutbox, sweepHolds } from './hold';
import { outboxOf, SYSTEM } from './timer-audit';

const BATCH = 50;

export const postDueClaims = defineAction({
  input: z.object({}),
  output: returns<TimerOutput>(),
  who: 'timer',
  run: async (ctx, _input) => {
    // ONE read finds everything due across all villages (indexes kind_due, kind_audit_due, and the goods with
    // holds): an idle environment's tick costs one read, whatever the number of villages
    const found = await ctx.store.find(
      LEDGER,
      { $or: [{ kind: 'account', dueAt: { $lte: ctx.now } }, { kind: 'account', auditDueAt: { $lte: ctx.now } }, { kind: 'goods', openHolds: { $gt: 0 } }] },
      { limit: 3 * BATCH },
    );
    const accounts = found.filter((d) => d.kind === 'account') as AccountDoc[];
    const due = accounts.filter((a) => a.dueAt != null && a.dueAt <= ctx.now).sort((a, b) => (a.dueAt as number) - (b.dueAt as number)).slice(0, BATCH);
    let posted = 0;
    let skipped = 0;
    const drafts: AuditDraft[] = [];
    for (const account of due) {
      const claims = Object.values(account.claims ?? {}).filter((c) => c.status === 'public' && (c.publicUntil ?? Infinity) <= ctx.now);
      let running: Pick<AccountDoc, 'balance'> = { balance: account.balance };
      let earned = 0;
      const legs: LegDoc[] = [];
      const changes: Record<string, ClaimDoc> = {};
      const set: Record<string, unknown> = {};
      for (const claim of claims) {
        const id = `claim:${claim.claimId}`;
        if (account.posted?.[postedKey(id)]) continue;
        // a deduction takes what is there, never more
        const amount = claim.points < 0 ? -Math.min(-claim.points, running.balance) : claim.points;
        const after: ClaimDoc = { ...claim, status: 'posted', postedAt: ctx.now };
        changes[claim.claimId] = after;
        set[`claims.${claim.claimId}`] = after;
        if (amount !== 0) {
          const leg = legFor(running as AccountDoc, {
            id,
            at: ctx.now,
            amount,
            kind: 'claim',
            counter: issuerIdOf(account.villageId),
            ruleId: claim.ruleId,
            ruleName: claim.ruleName,
            ruleVersion: claim.ruleVersion,
            category: claim.category,
            source: claim.claimId,
            memo: amount === claim.points ? `公示期满入账：${claim.note}`.slice(0, 120) : `扣分（积分不足，扣至零）：${claim.note}`.slice(0, 120),
            actorId: SYSTEM.actorId,
          });
          legs.push(leg);
          running = { balance: leg.balanceAfter };
          earned += amount;
          set[`posted.${postedKey(id)}`] = true;
        }
        drafts.push({
          villageId: account.villageId,
          ...SYSTEM,
          actorName: '系统（公示期满）',
          targetId: `${account._id}:${claim.claimId}`,
          summary: `公示期满，${account.householdName}「${claim.ruleName}」${amount > 0 ? '+' : ''}${amount} 分入账`,
          details: { claimId: claim.claimId, amount },
          notify: [claim.claimantId, ...(claim.onBehalfOf ? [claim.onBehalfOf] : [])],
        });
      }
      if (Object.keys(changes).length === 0) continue;
      const statusHolds = Object.fromEntries(Object.keys(changes).map((cid) => [`claims.${cid}.status`, 'public']));
      const outbox = outboxOf(ctx, drafts.slice(drafts.length - Object.keys(changes).length));
      const updated = await ctx.store.updateWhere(
        LEDGER,
        { _id: account._id, balance: account.balance, ...statusHolds },
        {
          $set: { ...set, ...outbox.set, dueAt: dueAtAfter(account, changes) },
          $inc: { balance: running.balance - account.balance, earned, ...outbox.inc },
          ...(legs.length ? { $push: { legs: { $each: legs } } } : {}),
        },
      );
      // the household moved meanwhile (a redemption, an objection): the next run posts with fresh numbers
      if (updated !== 1) {
        skipped += Object.keys(changes).length;
        drafts.splice(drafts.length - Object.keys(changes).length);
        continue;
      }
      posted += Object.keys(changes).length;
    }
    // the same tick empties the accounts' audit outboxes — the postings' records just put there too (a fresh
    // read then) — and settles the goods' stock holds (hold.ts)
    const audited = await drainAuditOutbox(ctx, posted ? undefined : accounts);
    const holds = await sweepHolds(ctx, found.filter((d) => d.kind === 'goods') as GoodsDoc[]);
    return { processed: due.length, posted, skipped, audited, holdsSettled: holds.settled, holdsReleased: holds.released };
  },
});
