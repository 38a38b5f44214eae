import type { CollectionSpec } from '../collections';

/** Collections of the deliberation function (协商议事). */
export const deliberationCollections: CollectionSpec[] = [];
