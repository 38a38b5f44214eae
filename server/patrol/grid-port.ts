/**
 * How patrol reaches the grid function (lead → ticket): `cloud.callFunction({ name: 'grid', data:
 * { action: 'submitReport', payload, requestId } })` — the caller's identity passes through, so the
 * ticket is reported by the worker who converted the lead. A port of the function's spec (spec.ts,
 * `ctx.ports.grid`): function.ts gives the real one, tests a fake or the grid over their store, and only
 * function.ts touches wx-server-sdk.
 */
import type { Ctx } from '../kernel/context';
import { AppError, isErrorCode } from '../kernel/errors';
import { GRID_ERRORS } from '../grid/errors';
import { ticketDocId } from '../grid/model';

export interface SubmitReportPayload {
  villageId: string;
  categoryId?: string;
  text: string;
  source: { kind: 'patrol_lead'; leadId: string };
}

export interface GridPort {
  /** the grid's answer envelope, as the function returned it */
  call(action: 'submitReport', payload: SubmitReportPayload, requestId: string): Promise<unknown>;
  /**
   * The id the grid will give the ticket this request files, known before filing (convertLead takes the lead
   * first, with the ticket id on it). `newId` is the calling command's ctx.newId: the same caller and
   * requestId reach the grid, which derives the id the same way.
   */
  ticketIdFor(villageId: string, requestId: string, newId: (tag: string) => string): string;
}

/** The grid port the function was given (spec.ts); without one the function was wrongly put together. */
export function gridPort(ctx: Ctx): GridPort {
  const grid = ctx.ports.grid as GridPort | undefined;
  if (!grid) throw new Error('patrol: no grid port');
  return grid;
}

/**
 * What the grid may refuse a lead's ticket with (submitReport's checks that a lead's text and a picked
 * category can fail); relayed as the grid said it, so the spec's catalogue holds the grid's messages too.
 */
export const GRID_REFUSALS = ['category_unknown', 'report_empty', 'text_too_long'] as const;

/** Patrol categories → the grid catalogue's default categories (the worker may pick another). */
export const GRID_CATEGORY_OF: Record<string, string> = {
  fraud: 'security',
  violation: 'security',
  dispute: 'dispute',
  hazard: 'other',
  demand: 'other',
};

/** Files the ticket and answers its id; the grid's own refusal (a code of its catalogue) reaches the worker as is. */
export async function submitTicket(grid: GridPort, payload: SubmitReportPayload, requestId: string): Promise<string> {
  let answer: unknown;
  try {
    answer = await grid.call('submitReport', payload, requestId);
  } catch {
    throw new AppError('ticket_not_created');
  }
  const a = answer as { ok?: boolean; data?: { ticketId?: unknown }; error?: { code?: unknown } } | null;
  if (a?.ok === true && typeof a.data?.ticketId === 'string') return a.data.ticketId;
  const code = a?.error?.code;
  if (isErrorCode(code, GRID_ERRORS) && code !== 'internal') throw new AppError(code);
  throw new AppError('ticket_not_created');
}

/** The real port over wx-server-sdk (cloud is initialised by the kernel before any action runs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createCloudGridPort(cloud: any): GridPort {
  return {
    async call(action, payload, requestId) {
      const res = await cloud.callFunction({ name: 'grid', data: { action, payload, requestId } });
      return res?.result;
    },
    // grid's submitReport: ticketDocId(villageId, ctx.newId('ticket'))
    ticketIdFor: (villageId, _requestId, newId) => ticketDocId(villageId, newId('ticket')),
  };
}
