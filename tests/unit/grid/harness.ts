/**
 * The grid commands through the real router over the seeded demo township (memory store, movable clock,
 * fake openapi that records subscribe messages). `grid(openid, action, payload)` answers like the wire.
 */
import type * as gridActions from '../../../server/grid/actions';
import type { InputOf, OutputOf } from '../../../server/kernel/action';
import { gridFunction } from '../../../server/grid/spec';

export type GridAction = keyof typeof gridActions;
type GridInput<A extends GridAction> = InputOf<(typeof gridActions)[A]>;
type GridOutput<A extends GridAction> = OutputOf<(typeof gridActions)[A]>;
import type { TicketDoc } from '../../../server/grid/model';
import type { Answer } from '../../../server/kernel/router';
import { harness, rid, type Harness } from '../server/harness';

export const Q = 'qingshi';
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export interface GridHarness extends Harness {
  grid<A extends GridAction>(openid: string, action: A, payload: Omit<GridInput<A>, 'villageId'> & { villageId?: string }, requestId?: string): Promise<Answer<GridOutput<A>>>;
  gridOk<A extends GridAction>(openid: string, action: A, payload: Omit<GridInput<A>, 'villageId'> & { villageId?: string }, requestId?: string): Promise<GridOutput<A>>;
  /** fire the deadline timer at the harness clock */
  sweep(): Promise<Answer>;
  ticket(id: string): TicketDoc;
  auditFor(targetId: string): Record<string, any>[];
}

export async function gridHarness(options: { risky?: string[] } = {}): Promise<GridHarness> {
  const h = (await harness(options)) as GridHarness;
  h.grid = (openid, action, payload, requestId = rid(action)) => h.raw(openid, { action, payload: { villageId: Q, ...payload }, requestId }, gridFunction) as never;
  h.gridOk = async (openid, action, payload, requestId) => {
    const answer = await h.grid(openid, action, payload, requestId);
    if (!answer.ok) throw new Error(`${action} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  };
  h.sweep = () => h.raw('', { Type: 'Timer', TriggerName: 'sweepDeadlines', Time: new Date(h.now.value).toISOString() }, gridFunction);
  h.ticket = (id) => h.store.all('tickets').find((t) => t._id === id) as TicketDoc;
  h.auditFor = (targetId) => h.store.all('audit').filter((a) => a.targetId === targetId).sort((a, b) => (a.at as number) - (b.at as number));
  return h;
}

export const codeOf = (a: Answer): string => (a.ok ? 'ok' : a.error.code);
