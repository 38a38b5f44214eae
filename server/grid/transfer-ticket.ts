/**
 * transferTicket (转办) — to another grid's workers, to the committee, or to a named worker / committee
 * member, always with a reason. The ticket waits to be accepted again (a fresh accept deadline).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { MemberDoc } from '../kernel/auth';
import { AppError } from '../kernel/errors';
import { requireCleanText } from '../kernel/openapi';
import type { Doc } from '../kernel/store';
import { idSchema, reasonSchema, ticketRef, type TransitionOutput } from './contract';
import type { TicketDoc } from './model';
import { runTransition } from './transition';

export const transferTicket = defineAction({
  input: z.object({
    ...ticketRef,
    reason: reasonSchema,
    to: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('grid'), gridId: idSchema }),
      z.object({ kind: z.literal('committee') }),
      z.object({ kind: z.literal('member'), memberId: idSchema }),
    ]),
  }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['transfer_target_invalid', 'transfer_to_same', 'transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    const villageDocId = `${input.villageId}:village`;
    const memberId = input.to.kind === 'member' ? input.to.memberId : null;
    if (memberId && !memberId.startsWith(`${input.villageId}:`)) throw new AppError('transfer_target_invalid');
    if (input.to.kind === 'grid' && !input.to.gridId.startsWith(`${input.villageId}:`)) throw new AppError('transfer_target_invalid');
    return runTransition(
      ctx,
      input,
      'transfer',
      async ({ caller, ticket, docs }) => {
        let change: Partial<TicketDoc>;
        let where: string;
        const to = input.to;
        if (to.kind === 'grid') {
          const grid = ((docs.get(villageDocId) as (Doc & { grids?: { gridId: string; name: string }[] }) | undefined)?.grids ?? []).find((g) => g.gridId === to.gridId);
          if (!grid) throw new AppError('transfer_target_invalid');
          change = { gridId: grid.gridId, gridName: grid.name, route: 'grid_worker', assigneeId: null, assigneeName: null };
          where = `${grid.name}网格员`;
        } else if (to.kind === 'committee') {
          change = { route: 'committee', assigneeId: null, assigneeName: null };
          where = '村委';
        } else {
          const member = docs.get(to.memberId) as MemberDoc | undefined;
          const works = member && member.kind === 'person' && member.status === 'active' && !member.offline && member.roles.some((r) => r === 'grid_worker' || r === 'committee');
          if (!works) throw new AppError('transfer_target_invalid');
          change = { assigneeId: member._id, assigneeName: member.name, route: member.roles.includes('committee') ? 'committee' : 'grid_worker' };
          where = member.name;
        }
        const same = (['gridId', 'route', 'assigneeId'] as const).every((k) => !(k in change) || change[k] === ticket[k]);
        if (same) throw new AppError('transfer_to_same');
        await requireCleanText(ctx, [input.reason], 2);
        return { set: { ...change, transferredAt: ctx.now }, after: change, summary: `${caller.name} 转给${where}：${input.reason}`, details: { transferTo: input.to } };
      },
      [villageDocId, ...(memberId ? [memberId] : [])],
    );
  },
});
