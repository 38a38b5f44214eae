/** Entry of the `deliberation` cloud function (bundled to cloudfunctions/deliberation/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { deliberationFunction } from './actions';

export const main = cloudFunction(deliberationFunction);
