/** Entry of the `ledger` cloud function (bundled to cloudfunctions/ledger/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { ledgerFunction } from './spec';

export const main = cloudFunction(ledgerFunction);
