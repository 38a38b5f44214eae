/**
 * The notices function's actions (村务公开): one line each. Every definition — input, output, errors, who may
 * call it, what it runs — is in its command file (kernel/action.ts); the router, the client's typed calls
 * and the tests are derived from this table.
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { NoticesErrorCode } from './errors';

export { publishNotice } from './publish-notice';
export { editNotice } from './edit-notice';
export { unpinNotice } from './unpin-notice';
export { listNotices } from './list-notices';
export { openNotice } from './open-notice';
export { askQuestion } from './ask-question';
export { answerQuestion } from './answer-question';
export { markToldInPerson } from './mark-told';
export { listNoticeHouseholds } from './list-households';
