/**
 * convertLead — the lead becomes a grid ticket: the grid function's `submitReport` is called with the
 * lead as its source (prefilled text and category), the ticket id is kept on the lead. The lead is taken
 * first (the triage compare-and-set, carrying the ticket id the grid will give: it derives it from the
 * caller and this requestId, as this function can), and only then is the ticket filed — so of two workers
 * converting the same lead at once, or one converting while another dismisses it, only the one that took
 * the lead files a ticket (the other is told `lead_already_handled`). A crash between the two is finished
 * by the retry (same requestId: the grid answers with the same ticket); a refusal by the grid gives the
 * lead back.
 */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { PatrolParsed, TriageOutput } from './contract';
import { GRID_CATEGORY_OF, submitTicket, type GridPort } from './grid-port';
import { peopleOf, triage } from './triage';

export function convertLead(grid: GridPort) {
  return async (ctx: Ctx, input: PatrolParsed<'convertLead'>): Promise<TriageOutput> =>
    triage(ctx, input.villageId, input.leadId, 'convert', {
      prepare: async () => ({ ticketId: grid.ticketIdFor(input.villageId, ctx.requestId, (tag) => ctx.newId(tag)) }),
      after: async (lead, out) => {
        const text = (input.text?.trim() || lead.text).slice(0, 500);
        const categoryId = input.categoryId || GRID_CATEGORY_OF[lead.scan.categories[0] ?? 'demand'] || 'other';
        const ticketId = await submitTicket(grid, { villageId: input.villageId, categoryId, text, source: { kind: 'patrol_lead', leadId: lead._id } }, ctx.requestId);
        if (ticketId !== out.ticketId) throw new AppError('ticket_not_created');
      },
      summary: (lead) => `线索转为工单（${lead.authorName}）`,
      notify: peopleOf,
    });
}
