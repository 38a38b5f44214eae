/** markDuplicate (标为重复) — the same problem is already reported: this ticket closes and points at the original. */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { GridParsed, TransitionOutput } from './contract';
import { ticketNo, type TicketDoc } from './model';
import { runTransition } from './transition';

export async function markDuplicate(ctx: Ctx, input: GridParsed<'markDuplicate'>): Promise<TransitionOutput> {
  if (input.duplicateOf === input.ticketId) throw new AppError('duplicate_of_invalid');
  if (!input.duplicateOf.startsWith(`${input.villageId}:`)) throw new AppError('duplicate_of_invalid');
  return runTransition(
    ctx,
    input,
    'duplicate',
    ({ caller, docs }) => {
      const original = docs.get(input.duplicateOf) as TicketDoc | undefined;
      // the original must be a live or fixed ticket of this village, never another closed one
      if (!original || original.kind !== 'ticket' || original.villageId !== input.villageId || original.bucket === 'closed') throw new AppError('duplicate_of_invalid');
      return {
        set: { duplicateOf: original._id, closedAt: ctx.now },
        summary: `${caller.name} 标为重复，原工单${ticketNo(original._id)}`,
        details: { duplicateOf: original._id },
        notify: [original.reporterId],
      };
    },
    [],
    [input.duplicateOf],
  );
}
