/**
 * The one typed way a page calls a cloud function. Types only come from the server: each job's action
 * table (server/<job>/actions.ts) says, per action, what goes in and what comes back (kernel/action.ts),
 * so a page cannot send a field the action does not take nor read one it does not answer — and nothing
 * here changes when an action is added.
 *
 *   const ticket = await grid('getTicket', { villageId, ticketId });
 *   await grid('acceptTicket', { villageId, ticketId }, { requestId });   // a retry reuses the id
 */
import type * as gridActions from '../../../server/grid/actions';
import type * as patrolActions from '../../../server/patrol/actions';
import type * as accountActions from '../../../server/account/actions';
import type * as deliberationActions from '../../../server/deliberation/actions';
import type * as ledgerActions from '../../../server/ledger/actions';
import type * as noticesActions from '../../../server/notices/actions';
import type { ClientActions, InputOf, OutputOf } from '../../../server/kernel/action';
import { callFunction, type CallOptions } from './transport';
import { tabWritten } from '../state/tab-stamps';

/** cloud function name → its action table (one line per function) */
interface Functions {
  grid: typeof gridActions;
  patrol: typeof patrolActions;
  account: typeof accountActions;
  deliberation: typeof deliberationActions;
  ledger: typeof ledgerActions;
  notices: typeof noticesActions;
}
export type FunctionName = keyof Functions;
type Callable<F extends FunctionName> = ClientActions<Functions[F]>;
export type ActionName<F extends FunctionName> = keyof Callable<F> & string;
export type Input<F extends FunctionName, A extends ActionName<F>> = InputOf<Callable<F>[A]>;
export type Output<F extends FunctionName, A extends ActionName<F>> = OutputOf<Callable<F>[A]>;

/** Calls one action; resolves with its answer's data or rejects with a ServiceError (transport.ts). */
export function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, payload: Input<F, A>, opts?: CallOptions): Promise<Output<F, A>> {
  // a write makes what the phone keeps of its job's tab (积分, 议事) older than the data
  tabWritten(fn, action);
  return callFunction<Output<F, A>>(fn, action, payload as object, opts);
}

/** One function's caller: `grid('publicBoard', { villageId })`. */
function caller<F extends FunctionName>(fn: F) {
  return <A extends ActionName<F>>(action: A, payload: Input<F, A>, opts?: CallOptions): Promise<Output<F, A>> => call(fn, action, payload, opts);
}

export const grid = caller('grid');
export const patrol = caller('patrol');
export const account = caller('account');
export const deliberation = caller('deliberation');
export const ledger = caller('ledger');
export const notices = caller('notices');
