/** Entry of the `deliberation` cloud function (bundled to cloudfunctions/deliberation/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { deliberationFunction } from './spec';

export const main = cloudFunction(deliberationFunction);
