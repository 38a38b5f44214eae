/** The `ledger` cloud function as the router sees it: its action table and its error catalogue. */
import type { FunctionSpec } from '../kernel/router';
import * as ledgerActions from './actions';
import { LEDGER_ERRORS } from './errors';

export const ledgerFunction: FunctionSpec = { name: 'ledger', actions: ledgerActions, errors: LEDGER_ERRORS };
export { ledgerActions };
