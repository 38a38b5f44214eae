/** resolveTicket (办结) — the handler says it is fixed, with a note and photos; the resident has 7 days to confirm or reopen. */
import type { Ctx } from '../kernel/context';
import { requireOwnFiles } from '../kernel/files';
import { requireCleanText } from '../kernel/openapi';
import type { GridParsed, TransitionOutput } from './contract';
import { checkPhotos } from './submit-report';
import { runTransition } from './transition';

export async function resolveTicket(ctx: Ctx, input: GridParsed<'resolveTicket'>): Promise<TransitionOutput> {
  checkPhotos(input.photos);
  return runTransition(ctx, input, 'resolve', async ({ caller }) => {
    // after the role and state checks: a caller who may not resolve hears that, not about the photos
    requireOwnFiles(ctx, input.villageId, input.photos.map((p) => p.fileId));
    await requireCleanText(ctx, [input.note], 2);
    return {
      set: {
        resolution: { note: input.note, photos: input.photos.map((p) => p.fileId), byId: caller._id, byName: caller.name, at: ctx.now },
        resolvedAt: ctx.now,
      },
      summary: `${caller.name} 办结：${input.note}`,
      details: { photos: input.photos.length },
    };
  });
}
