/**
 * convertLead — the lead becomes a grid ticket: the grid function's `submitReport` is called with the
 * lead as its source (prefilled text and category), the ticket id is kept on the lead. The grid call
 * comes before the compare-and-set, with this request's id, so a retry files the same ticket; if another
 * worker closed the lead in between, the ticket still names the lead (source.leadId) and the worker is
 * told `lead_already_handled`.
 */
import type { Ctx } from '../kernel/context';
import type { PatrolParsed, TriageOutput } from './contract';
import { GRID_CATEGORY_OF, submitTicket, type GridPort } from './grid-port';
import { peopleOf, triage } from './triage';

export function convertLead(grid: GridPort) {
  return async (ctx: Ctx, input: PatrolParsed<'convertLead'>): Promise<TriageOutput> =>
    triage(ctx, input.villageId, input.leadId, 'convert', {
      prepare: async (lead) => {
        const text = (input.text?.trim() || lead.text).slice(0, 500);
        const categoryId = input.categoryId || GRID_CATEGORY_OF[lead.scan.categories[0] ?? 'demand'] || 'other';
        const ticketId = await submitTicket(grid, { villageId: input.villageId, categoryId, text, source: { kind: 'patrol_lead', leadId: lead._id } }, ctx.requestId);
        return { ticketId };
      },
      summary: (lead) => `线索转为工单（${lead.authorName}）`,
      notify: peopleOf,
    });
}
