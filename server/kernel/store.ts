/**
 * The database port every command talks to. Queries, updates and pipelines are plain MongoDB-dialect
 * data (`{ _id: { $in: [...] } }`, `{ $set: {...}, $inc: {...} }`): easy to read, to log and to assert in
 * tests. Two adapters: sdk-store.ts (wx-server-sdk, the same code on CloudBase and on the emulator) and
 * memory-store.ts (mingo, for unit tests). Every method is exactly ONE database round trip — the budget
 * of ≤ 3 per action is counted in calls to this port.
 */
export type Doc = Record<string, unknown> & { _id: string };

/** Operators the adapters translate: $eq $ne $in $nin $gt $gte $lt $lte $exists, $or / $and at the top. */
export type Query = Record<string, unknown>;

/** $set (replaces the value at the path), $unset, $inc, $push (one value, or `{ $each: [...], $position?: n }`), $addToSet (one value), $pull (one value) */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
}

export interface FindOptions {
  orderBy?: [field: string, direction: 'asc' | 'desc'][];
  skip?: number;
  /** CloudBase answers 100 records by default and at most 1000 from a function */
  limit?: number;
  /** fields to return (`_id` always comes back) */
  fields?: string[];
}

/** Aggregation stages as plain objects: `{ $match: … }`, `{ $group: … }`, `{ $project: … }`, `{ $sort: … }`… */
export type Stage = Record<string, unknown>;

/** getMany reads in one request and CloudBase answers at most 1000 documents: more ids would be cut silently */
export const GET_MANY_MAX = 1000;
export const tooManyIds = (n: number): string => `store.getMany: ${n} ids in one call, at most ${GET_MANY_MAX} (one request answers at most ${GET_MANY_MAX} documents)`;

export interface Store {
  /** the documents with these ids (missing ones absent; at most GET_MANY_MAX distinct ids, else it throws) — one `where({ _id: _.in(ids) }).get()` */
  getMany(collection: string, ids: string[]): Promise<Map<string, Doc>>;
  /** one document by id, or null */
  get(collection: string, id: string): Promise<Doc | null>;
  find(collection: string, query: Query, options?: FindOptions): Promise<Doc[]>;
  /** insert with a chosen `_id`; an existing `_id` throws AppError('conflict') */
  create(collection: string, doc: Doc): Promise<void>;
  /**
   * insert several documents with chosen `_id`s in ONE request (`add({ data: [...] })`). An existing `_id`
   * throws AppError('conflict'). Locally all-or-none; CloudBase inserts in order up to the first duplicate,
   * so a caller reads which ids exist first and, on `conflict`, is retried and converges.
   */
  createMany(collection: string, docs: Doc[]): Promise<void>;
  /** write the whole document at `_id` (insert or replace) — for records whose content is deterministic */
  put(collection: string, doc: Doc): Promise<void>;
  /** compare-and-set: update what matches, answer how many were updated (0 = the condition did not hold) */
  updateWhere(collection: string, query: Query, update: Update): Promise<number>;
  aggregate(collection: string, pipeline: Stage[]): Promise<Record<string, unknown>[]>;
  /**
   * Runs `run` as one transaction (CloudBase: single-document operations only). Costs one round trip to
   * start, one per operation and one to commit (or roll back). On a write conflict the whole callback
   * runs AGAIN, so it must have no effect outside `t` and must decide from what it reads through `t`.
   * A conflict that outlasts the retries answers AppError('conflict'); an error thrown in `run` rolls back.
   */
  transaction<T>(run: (t: TxnOps) => Promise<T>): Promise<T>;
}

/** What a transaction may do: single documents, by id. */
export interface TxnOps {
  get(collection: string, id: string): Promise<Doc | null>;
  /** insert with a chosen `_id`; an existing one fails the transaction */
  create(collection: string, doc: Doc): Promise<void>;
  /** update one document by id (no condition: decide from what `get` returned) */
  update(collection: string, id: string, update: Update): Promise<void>;
}

/** Wraps a store and counts its calls — the round-trip budget made visible in unit tests and logs. */
export class CountingStore implements Store {
  calls: { method: keyof Store; collection: string }[] = [];
  constructor(private readonly inner: Store) {}
  private note(method: keyof Store, collection: string): void {
    this.calls.push({ method, collection });
  }
  getMany(c: string, ids: string[]) {
    this.note('getMany', c);
    return this.inner.getMany(c, ids);
  }
  get(c: string, id: string) {
    this.note('get', c);
    return this.inner.get(c, id);
  }
  find(c: string, q: Query, o?: FindOptions) {
    this.note('find', c);
    return this.inner.find(c, q, o);
  }
  create(c: string, d: Doc) {
    this.note('create', c);
    return this.inner.create(c, d);
  }
  createMany(c: string, d: Doc[]) {
    this.note('createMany', c);
    return this.inner.createMany(c, d);
  }
  put(c: string, d: Doc) {
    this.note('put', c);
    return this.inner.put(c, d);
  }
  updateWhere(c: string, q: Query, u: Update) {
    this.note('updateWhere', c);
    return this.inner.updateWhere(c, q, u);
  }
  aggregate(c: string, p: Stage[]) {
    this.note('aggregate', c);
    return this.inner.aggregate(c, p);
  }
  /** counted as CloudBase charges it: start, every operation, commit */
  transaction<T>(run: (t: TxnOps) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (t) => {
      this.note('transaction', 'start');
      const counted: TxnOps = {
        get: (c, id) => (this.note('transaction', c), t.get(c, id)),
        create: (c, d) => (this.note('transaction', c), t.create(c, d)),
        update: (c, id, u) => (this.note('transaction', c), t.update(c, id, u)),
      };
      const out = await run(counted);
      this.note('transaction', 'commit');
      return out;
    });
  }
}
