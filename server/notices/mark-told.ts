/**
 * markToldInPerson (当面告知) — a grid worker tells a household of their grid that has not seen a notice
 * (an elderly resident without WeChat, usually) and records it, openly: who told whom, when, and a note.
 * The household then counts as reached, the same document a phone's first view would have written
 * (`${noticeId}:v:${householdId}`), so it is never counted twice. One aggregate (notice, caller, the
 * person told, their household's view), the view, its audit record (代办-style: acting for the person told).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { appendAudit } from '../kernel/audit';
import { inVillage, requireRole, type MemberDoc } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { requireCleanText } from '../kernel/openapi';
import { text } from '../kernel/text';
import { idSchema, NOTICE_LIMITS, noticeRef } from './contract';
import { loadNotice, NOTICE_VIEWS, viewDocId, type ViewDoc } from './model';

type Out = { noticeId: string; householdId: string; at: number };

export const markToldInPerson = defineAction({
  input: z.object({
    ...noticeRef,
    /** the person told: a resident's register id (`${v}:off:…` for one without WeChat, or `${v}:u:…`) */
    residentId: idSchema,
    /** how it went, e.g. 上门念给老人听 */
    note: text(NOTICE_LIMITS.toldNoteMax).default(''),
  }),
  output: returns<Out>(),
  who: ['grid_worker'],
  errors: ['not_your_household', 'already_reached'],
  run: async (ctx, input) => {
    const [{ notice, caller, docs, view }] = await Promise.all([
      loadNotice(ctx, input.villageId, input.noticeId, { otherIds: [input.residentId], viewOf: input.residentId }),
      requireCleanText(ctx, [input.note], 1),
    ]);
    requireRole(caller, ['grid_worker']);
    const person = inVillage(docs.get(input.residentId) as MemberDoc | undefined, input.villageId, 'person');
    if (person.status !== 'active' || !person.householdId || !person.gridId || !(caller.gridIds ?? []).includes(person.gridId)) throw new AppError('not_your_household');
    const id = viewDocId(notice._id, person.householdId);
    const audit = {
      villageId: notice.villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: person._id,
      targetId: id,
      summary: `${caller.name} 当面告知 ${person.name} 通知「${notice.title}」${input.note ? `（${input.note}）` : ''}`,
      details: { noticeId: notice._id, householdId: person.householdId, gridId: person.gridId, via: 'told' },
    };
    if (view) {
      if (view.requestId !== ctx.requestId) throw new AppError('already_reached');
      // a retry: answer as the first try did, and heal its audit record if that try died before it
      await appendAudit(ctx, audit, view.at);
      return { noticeId: notice._id, householdId: person.householdId, at: view.at };
    }
    const told: ViewDoc = {
      _id: id,
      kind: 'notice_view',
      villageId: notice.villageId,
      noticeId: notice._id,
      householdId: person.householdId,
      gridId: person.gridId,
      via: 'told',
      at: ctx.now,
      byId: caller._id,
      byName: caller.name,
      toldToId: person._id,
      toldToName: person.name,
      note: input.note,
      requestId: ctx.requestId,
    };
    try {
      await ctx.store.create(NOTICE_VIEWS, told);
    } catch (error) {
      // the household opened it on a phone (or was told) at the same moment
      if (error instanceof AppError && error.code === 'conflict') throw new AppError('already_reached');
      throw error;
    }
    await appendAudit(ctx, audit);
    return { noticeId: notice._id, householdId: person.householdId, at: ctx.now };
  },
});
