/** reportSetup — what the report page needs: the catalogue, the boundary, the grids and my grid. One read. */
import { z } from 'zod';
import { defineAction, returns, ANY_MEMBER } from '../kernel/action';
import { hasRole, loadCaller } from '../kernel/auth';
import type { Doc } from '../kernel/store';
import { settingsDocId, settingsOf } from './catalogue';
import { villageIdSchema, type ReportSetupOutput } from './contract';

export const reportSetup = defineAction({
  input: z.object({ villageId: villageIdSchema }),
  output: returns<ReportSetupOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId } = input;
    const { caller, docs } = await loadCaller(ctx, villageId, [settingsDocId(villageId), `${villageId}:village`]);
    const settings = settingsOf(docs.get(settingsDocId(villageId)), villageId);
    const village = docs.get(`${villageId}:village`) as (Doc & { name?: string; grids?: { gridId: string; name: string }[] }) | undefined;
    return {
      villageId,
      villageName: village?.name ?? caller.villageName,
      categories: settings.categories,
      boundary: settings.boundary,
      grids: (village?.grids ?? []).map((g) => ({ gridId: g.gridId, name: g.name })),
      myGridId: caller.gridId ?? null,
      canReportForOthers: hasRole(caller, ['grid_worker', 'committee']),
      templates: { ticketUpdate: settings.templates?.ticketUpdate ?? null },
    };
  },
});
