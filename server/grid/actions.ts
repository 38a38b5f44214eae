/**
 * The grid function's actions (网格上报): one line each. Every definition — input, output, errors, who may
 * call it, what it runs — is in its command file (kernel/action.ts); the router, the client's typed calls and
 * the tests are derived from this table. The transitions' role and state rules are in transitions.ts.
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { GridErrorCode } from './errors';

export { reportSetup } from './report-setup';
export { submitReport } from './submit-report';
export { acceptTicket } from './accept-ticket';
export { startTicket } from './start-ticket';
export { resolveTicket } from './resolve-ticket';
export { rejectTicket } from './reject-ticket';
export { markDuplicate } from './mark-duplicate';
export { transferTicket } from './transfer-ticket';
export { closeUnresolved } from './close-unresolved';
export { confirmTicket } from './confirm-ticket';
export { reopenTicket } from './reopen-ticket';
export { supportTicket } from './support-ticket';
export { getTicket } from './get-ticket';
export { listMyTickets } from './list-my-tickets';
export { listDueTickets } from './list-due-tickets';
export { publicBoard } from './public-board';
export { sweepDeadlines } from './sweep-deadlines';
