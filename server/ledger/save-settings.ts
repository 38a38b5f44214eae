/** saveSettings — the committee sets the 公示 days and what happens to points at year end (book-change.ts). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireRole } from '../kernel/auth';
import { changeBook } from './book-change';
import { type CatalogueView, villageIdSchema, YEAR_END } from './contract';
import { loadLedger } from './model';

export const saveSettings = defineAction({
  input: z.object({
    villageId: villageIdSchema,
    baseVersion: z.number().int().min(0),
    publicNoticeDays: z.number().int().min(1).max(30),
    yearEnd: z.enum(['carry_over', 'expire']),
  }),
  output: returns<CatalogueView>(),
  who: ['committee'],
  errors: ['ledger_not_open', 'catalogue_changed'],
  run: async (ctx, input) => {
    const { villageId } = input;
    const { caller, book } = await loadLedger(ctx, villageId);
    requireRole(caller, ['committee']);
    const settings = { publicNoticeDays: input.publicNoticeDays, yearEnd: input.yearEnd };
    return changeBook(ctx, caller, book, input.baseVersion, { settings }, `设置：公示 ${settings.publicNoticeDays} 天，年底${YEAR_END[settings.yearEnd]}`, [], settings);
  },
});
