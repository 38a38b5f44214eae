/** markDuplicate (标为重复) — the same problem is already reported: this ticket closes and points at the original. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { idSchema, ticketRef, type TransitionOutput } from './contract';
import { ticketNo, type TicketDoc } from './model';
import { runTransition } from './transition';

export const markDuplicate = defineAction({
  input: z.object({ ...ticketRef, duplicateOf: idSchema }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['duplicate_of_invalid', 'transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
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
  },
});
