/**
 * convertLead — the lead becomes a grid ticket: the grid function's `submitReport` is called with the
 * lead as its source (prefilled text and category), the ticket id is kept on the lead. The lead is taken
 * first (the triage compare-and-set, carrying the ticket id the grid will give: it derives it from the
 * caller and this requestId, as this function can), and only then is the ticket filed — so of two workers
 * converting the same lead at once, or one converting while another dismisses it, only the one that took
 * the lead files a ticket (the other is told `lead_already_handled`). A crash between the two is finished
 * by the retry (same requestId: the grid answers with the same ticket); a refusal by the grid gives the
 * lead back and reaches the worker as the grid said it.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { text } from '../kernel/text';
import { leadRef, type TriageOutput } from './contract';
import { GRID_CATEGORY_OF, GRID_REFUSALS, gridPort, submitTicket } from './grid-port';
import { TRIAGE_ERRORS, peopleOf, triage } from './triage';

export const convertLead = defineAction({
  input: z.object({
    ...leadRef,
    /** the grid catalogue's category (prefilled from the lead's category) */
    categoryId: text(40).optional(),
    /** the ticket's description (prefilled from the lead's text) */
    text: text(5000, { multiline: true, trim: false }).optional(),
  }),
  output: returns<TriageOutput>(),
  who: ['grid_worker', 'committee'],
  errors: [...TRIAGE_ERRORS, 'ticket_not_created', ...GRID_REFUSALS],
  run: async (ctx, input) => {
    const grid = gridPort(ctx);
    return triage(ctx, input.villageId, input.leadId, 'convert', {
      prepare: async () => ({ ticketId: grid.ticketIdFor(input.villageId, ctx.requestId, (tag) => ctx.newId(tag)) }),
      after: async (lead, out) => {
        const description = (input.text?.trim() || lead.text).slice(0, 500);
        const categoryId = input.categoryId || GRID_CATEGORY_OF[lead.scan.categories[0] ?? 'demand'] || 'other';
        const ticketId = await submitTicket(grid, { villageId: input.villageId, categoryId, text: description, source: { kind: 'patrol_lead', leadId: lead._id } }, ctx.requestId);
        if (ticketId !== out.ticketId) throw new AppError('ticket_not_created');
      },
      summary: (lead) => `线索转为工单（${lead.authorName}）`,
      notify: peopleOf,
    });
  },
});
