/** resolveTicket (办结) — the handler says it is fixed, with a note and photos; the resident has 7 days to confirm or reopen. */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { requireOwnFiles } from '../kernel/files';
import { requireCleanText } from '../kernel/openapi';
import { photoSchema, ticketRef, type TransitionOutput } from './contract';
import { checkPhotos } from './report-checks';
import { runTransition } from './transition';

export const resolveTicket = defineAction({
  input: z.object({ ...ticketRef, note: text(300, { min: 1, multiline: true }), photos: z.array(photoSchema).max(20).default([]) }),
  output: returns<TransitionOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['transition_not_allowed', 'ticket_changed', 'too_many_photos', 'photo_type_not_allowed', 'photo_too_large'],
  run: async (ctx, input) => {
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
  },
});
