/** The `grid` cloud function as the router sees it: its action table and its error catalogue. */
import type { FunctionSpec } from '../kernel/router';
import * as gridActions from './actions';
import { GRID_ERRORS } from './errors';

export const gridFunction: FunctionSpec = { name: 'grid', actions: gridActions, errors: GRID_ERRORS };
export { gridActions };
