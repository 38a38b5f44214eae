import type { GridAction, GridInput, GridOutput } from '../../../server/grid/contract';
import { callFunction, type CallOptions } from './transport';

/**
 * The `grid` cloud function (网格上报), typed from its contract (types only). Every write takes
 * CallOptions so a retry reuses its requestId (the same report twice is one ticket).
 */
function call<A extends GridAction>(action: A, payload: GridInput<A>, opts?: CallOptions): Promise<GridOutput<A>> {
  return callFunction<GridOutput<A>>('grid', action, payload as object, opts);
}

type Ref = { villageId: string; ticketId: string };

export const grid = {
  reportSetup: (villageId: string) => call('reportSetup', { villageId }),
  submitReport: (p: GridInput<'submitReport'>, o?: CallOptions) => call('submitReport', p, o),

  acceptTicket: (p: Ref, o?: CallOptions) => call('acceptTicket', p, o),
  startTicket: (p: Ref, o?: CallOptions) => call('startTicket', p, o),
  resolveTicket: (p: GridInput<'resolveTicket'>, o?: CallOptions) => call('resolveTicket', p, o),
  rejectTicket: (p: GridInput<'rejectTicket'>, o?: CallOptions) => call('rejectTicket', p, o),
  markDuplicate: (p: GridInput<'markDuplicate'>, o?: CallOptions) => call('markDuplicate', p, o),
  transferTicket: (p: GridInput<'transferTicket'>, o?: CallOptions) => call('transferTicket', p, o),
  closeUnresolved: (p: GridInput<'closeUnresolved'>, o?: CallOptions) => call('closeUnresolved', p, o),
  confirmTicket: (p: GridInput<'confirmTicket'>, o?: CallOptions) => call('confirmTicket', p, o),
  reopenTicket: (p: GridInput<'reopenTicket'>, o?: CallOptions) => call('reopenTicket', p, o),
  supportTicket: (p: Ref, o?: CallOptions) => call('supportTicket', p, o),

  getTicket: (p: Ref) => call('getTicket', p),
  listMyTickets: (p: GridInput<'listMyTickets'>) => call('listMyTickets', p),
  listDueTickets: (p: GridInput<'listDueTickets'>) => call('listDueTickets', p),
  publicBoard: (p: GridInput<'publicBoard'>) => call('publicBoard', p),
};

export type {
  BoardItem,
  CategoryView,
  ConsentKind,
  PlaceInput,
  ReportSetupOutput,
  TicketBucket,
  TicketDetail,
  TicketStatus,
  TicketSummary,
  TransitionAction,
} from '../../../server/grid/contract';
