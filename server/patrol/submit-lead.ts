/**
 * submitLead — 转为线索: a resident or grid worker pastes (or forwards) a text from a WeChat group in one
 * step. It always becomes a lead — the person chose to report it — scanned by the village's lexicon and
 * joined to a near-identical open lead when there is one. The group is recorded when the share card
 * told us (openGId: WeChat resolves the CloudID the router moved into the payload — cloud.getOpenData).
 *
 * msgSecCheck runs too, but as evidence, not as a gate: the text is seen only by grid workers and the
 * committee, and a scam message is exactly what people should be able to report. A `risky` verdict
 * raises the lead's priority instead.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { groupCardSchema } from '../kernel/open-data';
import { appendAudit, roleAddress } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { openGIdOf } from '../kernel/openapi';
import { closest, fingerprint } from './cluster';
import { idSchema, villageScoped, type SubmitLeadOutput } from './contract';
import { PATROL, blankMessage, headFields, intakeGrid, loadPatrol, messageDocId, scanView, scannerFor, type MessageDoc } from './model';
import { POST_LIMITS } from './states';

const RISKY_PRIORITY_BONUS = 20;

export const submitLead = defineAction({
  input: z.object({
    ...villageScoped,
    text: text(20000, { multiline: true, trim: false }),
    /** the share card's group (open data the router moved into the payload), when the page was opened from one */
    group: groupCardSchema.optional(),
    groupName: text(40).optional(),
    /** a grid worker may file it under one of their grids (default: their first) */
    gridId: idSchema.optional(),
  }),
  output: returns<SubmitLeadOutput>(),
  who: ANY_MEMBER,
  errors: ['lead_text_empty', 'lead_text_too_long', 'grid_not_in_scope'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const text = input.text.trim();
    if (!text) throw new AppError('lead_text_empty');
    if ([...text].length > POST_LIMITS.leadTextMax) throw new AppError('lead_text_too_long');
    const messageId = messageDocId(villageId, ctx.newId('lead'));
    const fp = fingerprint(villageId, text);
    const { caller, settings, docs, similar } = await loadPatrol(ctx, villageId, { ids: [messageId], bandKeys: fp.bandKeys });
    const gridId = intakeGrid(caller, input.gridId);
    // the group is context, not a gate: a card WeChat cannot resolve (expired) leaves the lead without it
    const openGId = input.group ? await openGIdOf(ctx, input.group).catch(() => null) : null;
    const draft = {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: messageId,
      summary: `转为线索${input.groupName ? `（来自「${input.groupName}」）` : openGId ? '（来自微信群）' : ''}`,
      notify: gridId ? [roleAddress('grid_worker', gridId)] : [roleAddress('committee', villageId)],
    };
    const prior = priorOf<SubmitLeadOutput>(ctx, docs.get(messageId));
    if (prior.kind === 'replay') {
      await appendAudit(ctx, draft, prior.at);
      return prior.out;
    }

    const check = ctx.openid ? await ctx.openapi.msgSecCheck({ openid: ctx.openid, content: text.slice(0, 2500), scene: 3 }) : null;
    const scan = scanView(scannerFor(settings), text);
    const doc: MessageDoc = {
      _id: messageId,
      kind: 'message',
      villageId,
      source: 'paste',
      board: null,
      threadId: null,
      authorId: caller._id,
      authorName: caller.name,
      householdId: caller.householdId,
      gridId,
      text,
      photos: [],
      voice: null,
      postedAt: ctx.now,
      createdAt: ctx.now,
      visibility: 'internal',
      secCheck: check ? { suggest: check.suggest, label: check.label } : null,
      scan,
      needsReview: false,
      ...blankMessage(),
      openGId,
      groupName: input.groupName ?? null,
    };
    const join = closest(fp, similar);
    if (join) doc.leadId = join._id;
    else Object.assign(doc, headFields(messageId, fp, Math.min(100, scan.urgency + (check?.suggest === 'risky' ? RISKY_PRIORITY_BONUS : 0)), ctx.now));

    const out: SubmitLeadOutput = { messageId, leadId: doc.leadId as string, clustered: !!join, scan };
    await ctx.store.create(PATROL, { ...doc, ...markerField(ctx, out) });
    await appendAudit(ctx, { ...draft, details: { leadId: doc.leadId, clustered: !!join, categories: scan.categories, urgency: scan.urgency } });
    return out;
  },
});
