/**
 * The patrol function's action table: name → (schema, command). The grid port (lead → ticket) is
 * injected, so unit tests route through this table with a memory store and a fake grid.
 */
import { PATROL_ERRORS } from './errors';
import { action, type FunctionSpec } from '../kernel/router';
import { inputs } from './contract';
import { convertLead } from './convert-lead';
import { coverage } from './coverage';
import { createPost } from './create-post';
import { dismissLead } from './dismiss-lead';
import { editLexicon } from './edit-lexicon';
import { escalateLead } from './escalate-lead';
import { flagPost } from './flag-post';
import { getLead } from './get-lead';
import { getLexicon } from './get-lexicon';
import { getThread } from './get-thread';
import type { GridPort } from './grid-port';
import { importMessages } from './import-messages';
import { listBoard } from './list-board';
import { listQueue } from './list-queue';
import { replyLead } from './reply-lead';
import { reviewPost } from './review-post';
import { scannerPrecision } from './scanner-precision';
import { setThresholds } from './set-thresholds';
import { submitLead } from './submit-lead';
import { warnLead } from './warn-lead';

export function patrolActions(deps: { grid: GridPort }) {
  return {
    listBoard: action(inputs.listBoard, listBoard),
    getThread: action(inputs.getThread, getThread),
    createPost: action(inputs.createPost, createPost),
    flagPost: action(inputs.flagPost, flagPost),
    reviewPost: action(inputs.reviewPost, reviewPost),
    submitLead: action(inputs.submitLead, submitLead),
    importMessages: action(inputs.importMessages, importMessages),
    listQueue: action(inputs.listQueue, listQueue),
    getLead: action(inputs.getLead, getLead),
    dismissLead: action(inputs.dismissLead, dismissLead),
    replyLead: action(inputs.replyLead, replyLead),
    convertLead: action(inputs.convertLead, convertLead(deps.grid)),
    escalateLead: action(inputs.escalateLead, escalateLead),
    warnLead: action(inputs.warnLead, warnLead),
    getLexicon: action(inputs.getLexicon, getLexicon),
    editLexicon: action(inputs.editLexicon, editLexicon),
    coverage: action(inputs.coverage, coverage),
    scannerPrecision: action(inputs.scannerPrecision, scannerPrecision),
    setThresholds: action(inputs.setThresholds, setThresholds),
  } satisfies Record<keyof typeof inputs, unknown>;
}

export function patrolFunction(deps: { grid: GridPort }): FunctionSpec {
  return { name: 'patrol', actions: patrolActions(deps), errors: PATROL_ERRORS };
}
