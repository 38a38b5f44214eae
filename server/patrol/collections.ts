import type { CollectionSpec } from '../collections';

/** Collections of the patrol function (巡群). */
export const patrolCollections: CollectionSpec[] = [];
