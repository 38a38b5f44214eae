/** startTicket (开始处理) — the handler is on it (also after the resident reopened it). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { ticketRef, type TransitionOutput } from './contract';
import { runTransition } from './transition';

export const startTicket = defineAction({
  input: z.object({ ...ticketRef }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['transition_not_allowed', 'ticket_changed'],
  run: async (ctx, input) => {
    return runTransition(ctx, input, 'start', ({ caller }) => ({
      // whoever starts it holds it from now on (a committee member stepping in, or the assignee)
      set: { assigneeId: caller._id, assigneeName: caller.name, startedAt: ctx.now },
      after: { assigneeId: caller._id },
      summary: `${caller.name} 开始处理`,
    }));
  },
});
