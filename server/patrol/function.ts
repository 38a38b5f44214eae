/** Entry of the `patrol` cloud function (bundled to cloudfunctions/patrol/index.js). */
import cloud from 'wx-server-sdk';
import { cloudFunction } from '../kernel/cloud';
import { patrolFunction } from './actions';
import { createCloudGridPort } from './grid-port';

export const main = cloudFunction(patrolFunction({ grid: createCloudGridPort(cloud) }));
