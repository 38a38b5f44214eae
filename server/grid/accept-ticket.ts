/** acceptTicket (受理) — the grid's worker (or the committee) takes the ticket; the resolve deadline starts. Two at once: one wins, the other hears `already_accepted`. */
import type { Ctx } from '../kernel/context';
import type { GridParsed, TransitionOutput } from './contract';
import { runTransition } from './transition';

export async function acceptTicket(ctx: Ctx, input: GridParsed<'acceptTicket'>): Promise<TransitionOutput> {
  return runTransition(ctx, input, 'accept', ({ caller }) => ({
    set: { assigneeId: caller._id, assigneeName: caller.name, acceptedAt: ctx.now },
    after: { assigneeId: caller._id },
    summary: `由 ${caller.name} 受理`,
  }));
}
