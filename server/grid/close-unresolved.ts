/** closeUnresolved (关闭，未解决) — the committee closes a ticket honestly as not fixed, with the reason. */
import type { Ctx } from '../kernel/context';
import { requireCleanText } from '../kernel/openapi';
import type { GridParsed, TransitionOutput } from './contract';
import { runTransition } from './transition';

export async function closeUnresolved(ctx: Ctx, input: GridParsed<'closeUnresolved'>): Promise<TransitionOutput> {
  return runTransition(ctx, input, 'close_unresolved', async ({ caller }) => {
    await requireCleanText(ctx, [input.reason], 2);
    return { set: { closeReason: input.reason, closedAt: ctx.now }, summary: `${caller.name} 关闭（未解决）：${input.reason}` };
  });
}
