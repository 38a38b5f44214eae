/** startTicket (开始处理) — the handler is on it (also after the resident reopened it). */
import type { Ctx } from '../kernel/context';
import type { GridParsed, TransitionOutput } from './contract';
import { runTransition } from './transition';

export async function startTicket(ctx: Ctx, input: GridParsed<'startTicket'>): Promise<TransitionOutput> {
  return runTransition(ctx, input, 'start', ({ caller }) => ({
    // whoever starts it holds it from now on (a committee member stepping in, or the assignee)
    set: { assigneeId: caller._id, assigneeName: caller.name, startedAt: ctx.now },
    after: { assigneeId: caller._id },
    summary: `${caller.name} 开始处理`,
  }));
}
