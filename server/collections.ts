/**
 * Every collection of the cloud DB, declared once: its indexes (the fields the code queries) and its
 * permission rule. The deploy script applies this to a real environment; the emulator builds its
 * SQLite indexes from it. Clients get no direct database access: everything goes through functions.
 */
export interface IndexSpec {
  name: string;
  /** field path → 1 (ascending) or -1 (descending), in order */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  /** what the collection holds, for the next engineer */
  purpose: string;
  indexes: IndexSpec[];
  /** CloudBase security rule: no client reads or writes, only cloud functions (admin) */
  permission: 'ADMINONLY';
}

export const collections: CollectionSpec[] = [];
