/** Entry of the `notices` cloud function (bundled to cloudfunctions/notices/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { noticesFunction } from './spec';

export const main = cloudFunction(noticesFunction);
