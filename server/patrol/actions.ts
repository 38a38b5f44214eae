/**
 * The patrol function's actions (巡群): one line each. Every definition — input, output, errors, who may
 * call it, what it runs — is in its command file (kernel/action.ts); the router, the client's typed calls
 * and the tests are derived from this table. The five triage actions share triage.ts; convertLead reaches
 * the grid through the spec's port (grid-port.ts).
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { PatrolErrorCode } from './errors';

export { listBoard } from './list-board';
export { noticesToHear } from './notices-to-hear';
export { getThread } from './get-thread';
export { createPost } from './create-post';
export { flagPost } from './flag-post';
export { reviewPost } from './review-post';
export { submitLead } from './submit-lead';
export { importMessages } from './import-messages';
export { listQueue } from './list-queue';
export { getLead } from './get-lead';
export { dismissLead } from './dismiss-lead';
export { replyLead } from './reply-lead';
export { convertLead } from './convert-lead';
export { escalateLead } from './escalate-lead';
export { warnLead } from './warn-lead';
export { getLexicon } from './get-lexicon';
export { editLexicon } from './edit-lexicon';
export { coverage } from './coverage';
export { scannerPrecision } from './scanner-precision';
export { setThresholds } from './set-thresholds';
