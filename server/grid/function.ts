/** Entry of the `grid` cloud function (bundled to cloudfunctions/grid/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { gridFunction } from './spec';

export const main = cloudFunction(gridFunction);
