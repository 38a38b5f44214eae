/**
 * The `patrol` cloud function as the router sees it: its action table, its error catalogue and its port to
 * the grid function (`ctx.ports.grid`, read by grid-port.ts gridPort). The catalogue holds the grid's codes
 * too: convertLead relays the grid's refusal of a ticket as the grid said it.
 */
import type { FunctionSpec } from '../kernel/router';
import { GRID_ERRORS } from '../grid/errors';
import * as patrolActions from './actions';
import { PATROL_ERRORS } from './errors';
import type { GridPort } from './grid-port';

export function patrolFunction(ports: { grid: GridPort }): FunctionSpec {
  return { name: 'patrol', actions: patrolActions, errors: { ...GRID_ERRORS, ...PATROL_ERRORS }, ports };
}
export { patrolActions };
