/** Entry of the `ledger` cloud function (bundled to cloudfunctions/ledger/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { ledgerFunction } from './actions';

export const main = cloudFunction(ledgerFunction);
