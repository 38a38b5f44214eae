/** The `notices` cloud function as the router sees it: its action table and its error catalogue. */
import type { FunctionSpec } from '../kernel/router';
import * as noticesActions from './actions';
import { NOTICES_ERRORS } from './errors';

export const noticesFunction: FunctionSpec = { name: 'notices', actions: noticesActions, errors: NOTICES_ERRORS };
export { noticesActions };
