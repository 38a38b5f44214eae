/** Entry of the `patrol` cloud function (bundled to cloudfunctions/patrol/index.js). */
import cloud from 'wx-server-sdk';
import { cloudFunction } from '../kernel/cloud';
import { createCloudGridPort } from './grid-port';
import { patrolFunction } from './spec';

export const main = cloudFunction(patrolFunction({ grid: createCloudGridPort(cloud) }));
