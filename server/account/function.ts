/** Entry of the `account` cloud function (bundled to cloudfunctions/account/index.js). */
import { cloudFunction } from '../kernel/cloud';
import { accountFunction } from './spec';

export const main = cloudFunction(accountFunction);
