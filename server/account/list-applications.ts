/** listApplications — the committee's queue of people asking to join (newest first). */
import { REGISTER, loadCaller, requireRole } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { AccountParsed, ApplicationView, Page } from './contract';
import { applicationView, decodeCursor, pageOf, type PersonDoc } from './model';

export async function listApplications(ctx: Ctx, input: AccountParsed<'listApplications'>): Promise<Page<ApplicationView>> {
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
}
