/** listApplications — the committee's queue of people asking to join (newest first). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import { villageScoped, pageSchema, type ApplicationView, type Page } from './contract';
import { applicationView, decodeCursor, pageOf, type PersonDoc } from './model';

export const listApplications = defineAction({
  /** committee: applications (default: pending) */
  input: z.object({
    ...villageScoped,
    status: z.enum(['pending', 'rejected']).default('pending'),
    ...pageSchema.shape,
  }),
  output: returns<Page<ApplicationView>>(),
  who: ['committee'],
  run: async (ctx, input) => {
    const { villageId, status, pageSize } = input;
    const { caller } = await loadCaller(ctx, villageId);
    requireRole(caller, ['committee']);
    const offset = decodeCursor(input.cursor);
    const rows = (await ctx.store.find(REGISTER, { kind: 'person', villageId, status, offline: false }, {
      orderBy: [['appliedAt', 'desc'], ['_id', 'asc']],
      skip: offset,
      limit: pageSize + 1,
    })) as PersonDoc[];
    return pageOf(rows.map((p) => applicationView(p, true)), offset, pageSize);
  },
});
