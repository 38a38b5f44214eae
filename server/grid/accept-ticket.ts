/** acceptTicket (受理) — the grid's worker (or the committee) takes the ticket; the resolve deadline starts. Two at once: one wins, the other hears `already_accepted`. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { ticketRef, type TransitionOutput } from './contract';
import { runTransition } from './transition';

export const acceptTicket = defineAction({
  input: z.object({ ...ticketRef }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['already_accepted', 'transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'accept', ({ caller }) => ({
      set: { assigneeId: caller._id, assigneeName: caller.name, acceptedAt: ctx.now },
      after: { assigneeId: caller._id },
      summary: `由 ${caller.name} 受理`,
    }));
  },
});
