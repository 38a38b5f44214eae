/**
 * The ledger function's actions (道德银行): one line each. Every definition — input, output, errors, who may
 * call it, what it runs — is in its command file (kernel/action.ts); the router, the client's typed calls and
 * the tests are derived from this table.
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { LedgerErrorCode } from './errors';

export { openLedger } from './open-ledger';
export { ledgerHome } from './ledger-home';
export { saveRule } from './save-rule';
export { saveSettings } from './save-settings';
export { submitClaim } from './submit-claim';
export { reviewClaim } from './review-claim';
export { objectClaim } from './object-claim';
export { voidClaim } from './void-claim';
export { listClaims } from './list-claims';
export { reverseEntry } from './reverse-entry';
export { shop } from './shop';
export { saveGoods } from './save-goods';
export { redeem } from './redeem';
export { cancelRedemption } from './cancel-redemption';
export { checkOff } from './check-off';
export { ranking } from './ranking';
export { setRankingOptOut } from './set-ranking-opt-out';
export { report } from './report';
export { ledgerClock } from './ledger-clock';
export { settleYear } from './settle-year';
