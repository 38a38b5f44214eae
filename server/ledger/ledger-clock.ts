/**
 * ledgerClock (timer, every 30 minutes: a claim posts at most half an hour after its 公示 ends, and every
 * tick is a billed call whether or not anything is due) — the ledger's two timed jobs after ONE read across all villages:
 * claims whose 公示 ended (post-due-claims.ts) and points from verified events (consume-events.ts).
 * The read is one `$or` on the ledger: the books (which event rules each village switched on), the events
 * watermark, and the claims due now (index kind_status_public_until). Ordered by `publicUntil`, the books
 * and the watermark (which have none) come first, then the due claims oldest first.
 * An idle tick costs that read and, when some village rewards events, the events query: 2 reads, one
 * invocation (two timers did this with 3 reads and 2 invocations a tick). The jobs keep their own
 * guarantees: each posting is one transaction with its entry and audit record; a cut run leaves the rest
 * for the next tick (an entry's id exists once).
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import type { TimerOutput } from './contract';
import { consumeEvents } from './consume-events';
import { EVENTS_WATERMARK_ID, LEDGER, type BookDoc, type ClaimDoc } from './model';
import { dueClaimsQuery, postDueClaims } from './post-due-claims';

/** books of every village + the watermark + a tick's claims, in one answer */
const READ_LIMIT = 1000;

export const ledgerClock = defineAction({
  input: z.object({}),
  output: returns<{ claims: TimerOutput; events: TimerOutput }>(),
  who: 'timer',
  run: async (ctx) => {
    const docs = await ctx.store.find(LEDGER, { $or: [{ kind: 'book' }, { _id: EVENTS_WATERMARK_ID }, dueClaimsQuery(ctx.now)] }, { orderBy: [['publicUntil', 'asc']], limit: READ_LIMIT });
    const books = new Map(docs.filter((d): d is BookDoc => d.kind === 'book').map((b) => [b.villageId, b]));
    const watermark = (docs.find((d) => d._id === EVENTS_WATERMARK_ID)?.at as number | undefined) ?? 0;
    // postDueClaims takes a tick's worth, oldest first
    const due = docs.filter((d): d is ClaimDoc => d.kind === 'claim');
    const claims = await postDueClaims(ctx, due);
    const events = await consumeEvents(ctx, books, watermark);
    return { claims, events };
  },
});
