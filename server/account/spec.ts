/** The `account` cloud function as the router sees it: its action table and its error catalogue. */
import type { FunctionSpec } from '../kernel/router';
import * as accountActions from './actions';
import { ACCOUNT_ERRORS } from './errors';

export const accountFunction: FunctionSpec = { name: 'account', actions: accountActions, errors: ACCOUNT_ERRORS };
export { accountActions };
