/**
 * castVote — a voter (or a grid worker for an offline / elderly resident: 代办) casts or changes a vote.
 * ≤ 3 round trips: (1) the topic with this unit of the roll and the caller, one aggregate; (2) ONE update
 * of the unit's document that checks it is still open to votes and has not voted, and records who voted,
 * how, the commitment and the ballot SEALED under the poll's key (seal.ts) — so no version of any document
 * shows a voter next to a readable choice; (3) the audit record (participation, never the choice). The
 * write touches one small document whatever the size of the roll.
 * Idempotency is the voter's nonce, not a stored marker: a retry with the same nonce and choices finds
 * its commitment on the unit and answers the same receipt.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit, type AuditDraft } from '../kernel/audit';
import { requireGridActor } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { CONSENT_KINDS, idSchema, nonceSchema, optionIdSchema, topicRef, type ConsentKind, type VoteOutput } from './contract';
import { ballotKeyOf, commitmentOf, DELIB, idOfKey, keyOf, loadTopic, optionIdsOf, receiptOf } from './model';
import { refuseUnlessOpen } from './poll-gate';
import { canonicalChoices, choicesProblem } from './rules';
import { masterKey, sealBallot, unwrapPollKey } from './seal';

export const castVote = defineAction({
  /**
   * a voter (or a grid worker for an offline / elderly resident: `assist`) casts or changes a vote.
   * `unitId` is the roll unit getTopic named (`myUnit` / the resident's unit); `nonce` is the device's
   * secret for this vote: the receipt and the roll's commitment are hashes of it, nothing links them.
   */
  input: z.object({
    ...topicRef,
    unitId: idSchema,
    choices: z.array(optionIdSchema).min(1).max(12),
    nonce: nonceSchema,
    /** true: replace the choices of the vote made with this nonce (only where the poll allows it) */
    change: z.boolean().default(false),
    assist: z.object({ residentId: idSchema, consent: z.enum(Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]]) }).optional(),
  }),
  output: returns<VoteOutput>(),
  // whoever the roll names: residents, and council participants of any role but township
  who: ['resident', 'grid_worker', 'committee', 'shopkeeper'],
  errors: [
    'poll_not_open',
    'poll_closed',
    'not_eligible',
    'assist_not_allowed',
    'choice_invalid',
    'too_many_choices',
    'vote_not_changeable',
    'no_vote_to_change',
    'already_voted',
    'ballot_key_missing',
    'ballot_key_changed',
  ],
  run: async (ctx, input) => {
    const { villageId, topicId, unitId, nonce, assist } = input;
    const receipt = receiptOf(topicId, nonce);
    const commitment = commitmentOf(topicId, nonce);

    const attempt = async (mayWrite: boolean): Promise<VoteOutput | { retry: true }> => {
      const { topic, caller, units } = await loadTopic(ctx, villageId, topicId, { unitKeys: [unitId] });
      const poll = topic.poll;
      const unit = units.get(unitId);
      const voterId = assist ? assist.residentId : caller._id;
      const voterKey = keyOf(voterId);
      if (!poll || poll.state === 'scheduled') throw new AppError('poll_not_open');
      if (!unit || !(voterKey in unit.p)) throw new AppError('not_eligible');
      if (assist) {
        requireGridActor(caller, unit.g);
        if (!unit.ol.includes(voterKey) && !unit.el.includes(voterKey)) throw new AppError('assist_not_allowed');
      }
      const optionIds = optionIdsOf(poll);
      const problem = choicesProblem(poll.kind, optionIds, poll.maxChoices, input.choices);
      const choices = canonicalChoices(optionIds, input.choices);
      const ballotKey = ballotKeyOf(topicId, nonce, choices);
      const via = assist ? 'assisted' : 'self';
      const out: VoteOutput = { topicId, unitId, receipt, changed: input.change, via };
      const voterName = unit.p[voterKey];
      const draft: AuditDraft = {
        villageId,
        actorId: caller._id,
        actorName: caller.name,
        onBehalfOf: assist ? voterId : null,
        targetId: topicId,
        summary: assist
          ? `代 ${voterName} 投票（${CONSENT_KINDS[assist.consent]}）：${topic.title}`
          : `${input.change ? '修改了投票' : '参与表决'}：${topic.title}`,
        // participation only: never the choice, never the receipt
        details: { unitId, via, change: input.change, ...(assist ? { consent: assist.consent } : {}) },
        // the rest of the household sees that their household has voted; a resident learns of 代办
        notify: [...Object.keys(unit.p).map(idOfKey).filter((id) => id !== caller._id && !unit.ol.includes(keyOf(id)))],
        event: input.change ? undefined : { type: 'poll_participated', residentId: voterId, householdId: unit.h, sourceKey: `poll_participated:${topicId}:${voterId}` },
      };
      // one audit record per vote (per change), whatever requestId the retries carry; `sys:` ids are the
      // server's own (no client requestId may start so), so no call can take this record's id first
      const auditCtx = { ...ctx, requestId: `sys:${input.change ? 'change' : 'vote'}-${(input.change ? ballotKey : commitment).slice(0, 24)}` };

      // a retry of this very vote (or change): same nonce, same choices → the same answer
      if (unit.v && unit.c === commitment && unit.k === ballotKey) {
        // after a lost race the winner (this same vote, sent twice) appends the very same record
        if (mayWrite) await appendAudit(auditCtx, draft);
        return out;
      }
      refuseUnlessOpen(poll, ctx.now);
      // the count froze the roll (the closing time passed while this request ran)
      if (!unit.open) throw new AppError('poll_closed');
      if (problem) throw new AppError(problem);
      if (!poll.wrappedKey) throw new AppError('poll_closed');
      const sealed = sealBallot(unwrapPollKey(masterKey(), topicId, poll.wrappedKey), unit._id, { receipt, choices }, optionIds, ballotKey);

      let updated: number;
      if (input.change) {
        if (!poll.changeable) throw new AppError('vote_not_changeable');
        if (!unit.v || unit.c !== commitment) throw new AppError('no_vote_to_change');
        if (!mayWrite) return { retry: true };
        updated = await ctx.store.updateWhere(
          DELIB,
          { _id: unit._id, open: true, v: true, c: commitment },
          { $set: { k: ballotKey, ch: poll.secret ? null : choices, sealed } },
        );
      } else {
        if (unit.v) throw new AppError('already_voted');
        if (!mayWrite) return { retry: true };
        updated = await ctx.store.updateWhere(
          DELIB,
          { _id: unit._id, open: true, v: false, [`p.${voterKey}`]: { $exists: true } },
          {
            $set: {
              v: true,
              by: voterId,
              byName: voterName,
              via,
              ab: assist ? caller._id : null,
              consent: assist ? assist.consent : null,
              c: commitment,
              k: ballotKey,
              ch: poll.secret ? null : choices,
              sealed,
            },
          },
        );
      }
      if (updated !== 1) return { retry: true };
      await appendAudit(auditCtx, draft);
      return out;
    };

    const first = await attempt(true);
    if (!('retry' in first)) return first;
    // lost a race (another vote for the unit, the same vote sent twice, the count freezing the roll):
    // read again and say which — without writing, so a race costs three round trips too
    const second = await attempt(false);
    if ('retry' in second) throw new AppError('conflict');
    return second;
  },
});
