/**
 * The grid function's action table: name → (schema, command). The transitions' role and state rules are
 * in transitions.ts (TRANSITIONS), shared with the UI and the tests.
 */
import { action, type FunctionSpec } from '../kernel/router';
import { acceptTicket } from './accept-ticket';
import { closeUnresolved } from './close-unresolved';
import { confirmTicket } from './confirm-ticket';
import { inputs } from './contract';
import { getTicket } from './get-ticket';
import { listDueTickets } from './list-due-tickets';
import { listMyTickets } from './list-my-tickets';
import { markDuplicate } from './mark-duplicate';
import { publicBoard } from './public-board';
import { rejectTicket } from './reject-ticket';
import { reopenTicket } from './reopen-ticket';
import { reportSetup } from './report-setup';
import { resolveTicket } from './resolve-ticket';
import { startTicket } from './start-ticket';
import { submitReport } from './submit-report';
import { supportTicket } from './support-ticket';
import { sweepDeadlines } from './sweep-deadlines';
import { transferTicket } from './transfer-ticket';

export const gridActions = {
  reportSetup: action(inputs.reportSetup, reportSetup),
  submitReport: action(inputs.submitReport, submitReport),
  acceptTicket: action(inputs.acceptTicket, acceptTicket),
  startTicket: action(inputs.startTicket, startTicket),
  resolveTicket: action(inputs.resolveTicket, resolveTicket),
  rejectTicket: action(inputs.rejectTicket, rejectTicket),
  markDuplicate: action(inputs.markDuplicate, markDuplicate),
  transferTicket: action(inputs.transferTicket, transferTicket),
  closeUnresolved: action(inputs.closeUnresolved, closeUnresolved),
  confirmTicket: action(inputs.confirmTicket, confirmTicket),
  reopenTicket: action(inputs.reopenTicket, reopenTicket),
  supportTicket: action(inputs.supportTicket, supportTicket),
  getTicket: action(inputs.getTicket, getTicket),
  listMyTickets: action(inputs.listMyTickets, listMyTickets),
  listDueTickets: action(inputs.listDueTickets, listDueTickets),
  publicBoard: action(inputs.publicBoard, publicBoard),
  sweepDeadlines: action(inputs.sweepDeadlines, sweepDeadlines, 'timer'),
} satisfies Record<keyof typeof inputs, unknown>;

export const gridFunction: FunctionSpec = { name: 'grid', actions: gridActions };
