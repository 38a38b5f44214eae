/** The ledger function's action table: name → (schema, command). */
import { LEDGER_ERRORS } from './errors';
import { action, type FunctionSpec } from '../kernel/router';
import { cancelRedemption } from './cancel-redemption';
import { checkOff } from './check-off';
import { consumeEvents } from './consume-events';
import { inputs } from './contract';
import { ledgerHome } from './ledger-home';
import { listClaims } from './list-claims';
import { objectClaim } from './object-claim';
import { openLedger } from './open-ledger';
import { postDueClaims } from './post-due-claims';
import { ranking } from './ranking';
import { redeem } from './redeem';
import { report } from './report';
import { reverseEntry } from './reverse-entry';
import { reviewClaim } from './review-claim';
import { saveGoods } from './save-goods';
import { saveRule, saveSettings } from './save-rule';
import { setRankingOptOut } from './set-ranking-opt-out';
import { settleYear } from './settle-year';
import { shop } from './shop';
import { submitClaim } from './submit-claim';
import { voidClaim } from './void-claim';

export const ledgerActions = {
  openLedger: action(inputs.openLedger, openLedger),
  ledgerHome: action(inputs.ledgerHome, ledgerHome),
  saveRule: action(inputs.saveRule, saveRule),
  saveSettings: action(inputs.saveSettings, saveSettings),
  submitClaim: action(inputs.submitClaim, submitClaim),
  reviewClaim: action(inputs.reviewClaim, reviewClaim),
  objectClaim: action(inputs.objectClaim, objectClaim),
  voidClaim: action(inputs.voidClaim, voidClaim),
  listClaims: action(inputs.listClaims, listClaims),
  reverseEntry: action(inputs.reverseEntry, reverseEntry),
  shop: action(inputs.shop, shop),
  saveGoods: action(inputs.saveGoods, saveGoods),
  redeem: action(inputs.redeem, redeem),
  cancelRedemption: action(inputs.cancelRedemption, cancelRedemption),
  checkOff: action(inputs.checkOff, checkOff),
  ranking: action(inputs.ranking, ranking),
  setRankingOptOut: action(inputs.setRankingOptOut, setRankingOptOut),
  report: action(inputs.report, report),
  postDueClaims: action(inputs.postDueClaims, postDueClaims, 'timer'),
  consumeEvents: action(inputs.consumeEvents, consumeEvents, 'timer'),
  settleYear: action(inputs.settleYear, settleYear, 'timer'),
} satisfies Record<keyof typeof inputs, unknown>;

export const ledgerFunction: FunctionSpec = { name: 'ledger', actions: ledgerActions, errors: LEDGER_ERRORS };
