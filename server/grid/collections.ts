import type { CollectionSpec } from '../collections';

/** Collections of the grid function (网格上报). */
export const gridCollections: CollectionSpec[] = [];
