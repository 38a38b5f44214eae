/** The `deliberation` cloud function as the router sees it: its action table and its error catalogue. */
import type { FunctionSpec } from '../kernel/router';
import * as deliberationActions from './actions';
import { DELIBERATION_ERRORS } from './errors';

export const deliberationFunction: FunctionSpec = { name: 'deliberation', actions: deliberationActions, errors: DELIBERATION_ERRORS };
export { deliberationActions };
