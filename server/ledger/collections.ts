import type { CollectionSpec } from '../collections';

/** Collections of the ledger function (道德银行). */
export const ledgerCollections: CollectionSpec[] = [];
