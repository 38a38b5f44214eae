/**
 * The Store port over wx-server-sdk's database handle — the one adapter that runs on CloudBase and,
 * through `serviceUrl`, against the local emulator. It translates the MongoDB-dialect queries and
 * updates of store.ts into the SDK's command objects (`_.in`, `_.inc` …), so the SDK's own serialisation
 * is what goes over the wire in every test.
 */
import { AppError } from './errors';
import { GET_MANY_MAX, tooManyIds, type Doc, type FindOptions, type Query, type Stage, type Store, type TxnOps, type Update } from './store';

/* The parts of wx-server-sdk's database API this adapter uses (typed loosely: the SDK's own types are wide). */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type SdkDb = any;

/** CloudBase answers a get with 100 records unless told; a function may ask for up to 1000. */
const GET_LIMIT_MAX = 1000;
/** CloudBase answers an aggregate with 20 records unless the pipeline says $limit. */
const AGGREGATE_LIMIT = 1000;

export function createSdkStore(db: SdkDb): Store {
  const _ = db.command;

  const value = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(value);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) return operators(o);
      return Object.fromEntries(keys.map((k) => [k, value(o[k])]));
    }
    return v;
  };

  /** `{ $gt: 1, $lt: 5 }` → `_.gt(1).and(_.lt(5))` */
  const operators = (o: Record<string, unknown>): unknown => {
    const parts = Object.entries(o).map(([op, arg]) => {
      switch (op) {
        case '$eq':
          return _.eq(arg);
        case '$ne':
          return _.neq(arg);
        case '$in':
          return _.in(arg);
        case '$nin':
          return _.nin(arg);
        case '$gt':
          return _.gt(arg);
        case '$gte':
          return _.gte(arg);
        case '$lt':
          return _.lt(arg);
        case '$lte':
          return _.lte(arg);
        case '$exists':
          return _.exists(Boolean(arg));
        case '$elemMatch':
          return _.elemMatch(query(arg as Query));
        default:
          throw new Error(`store: unsupported query operator ${op}`);
      }
    });
    return parts.reduce((a: any, b: any) => a.and(b));
  };

  const query = (q: Query): unknown => {
    const { $or, $and, ...rest } = q as { $or?: Query[]; $and?: Query[] } & Record<string, unknown>;
    const fields = value(rest) as Record<string, unknown>;
    const clauses: unknown[] = [];
    if (Object.keys(fields).length > 0) clauses.push(fields);
    if ($or) clauses.push(_.or($or.map(query)));
    if ($and) clauses.push(_.and($and.map(query)));
    if (clauses.length === 0) return {};
    return clauses.length === 1 ? clauses[0] : _.and(clauses);
  };

  const update = (u: Update): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    // $set replaces the value at the path (a plain nested object would be merged field by field)
    for (const [k, v] of Object.entries(u.$set ?? {})) out[k] = v !== null && typeof v === 'object' ? _.set(v) : v;
    for (const k of Object.keys(u.$unset ?? {})) out[k] = _.remove();
    for (const [k, v] of Object.entries(u.$inc ?? {})) out[k] = _.inc(v);
    // `{ $each: [...], $position: n }` inserts at a position (a ballot box hides arrival order); anything else is one value
    for (const [k, v] of Object.entries(u.$push ?? {})) out[k] = isPushEach(v) ? _.push({ each: v.$each, ...(v.$position === undefined ? {} : { position: v.$position }) }) : _.push([v]);
    for (const [k, v] of Object.entries(u.$addToSet ?? {})) out[k] = _.addToSet(v);
    for (const [k, v] of Object.entries(u.$pull ?? {})) out[k] = _.pull(v);
    return out;
  };

  const list = (res: { data?: unknown }): Doc[] => (Array.isArray(res?.data) ? (res.data as Doc[]) : []);

  const store: Store = {
    async getMany(collection, ids) {
      const unique = [...new Set(ids)];
      if (unique.length > GET_MANY_MAX) throw new Error(tooManyIds(unique.length));
      if (unique.length === 0) return new Map();
      const res = await db.collection(collection).where({ _id: _.in(unique) }).limit(Math.min(unique.length, GET_LIMIT_MAX)).get();
      return new Map(list(res).map((d) => [d._id, d]));
    },
    async get(collection, id) {
      const res = await db.collection(collection).where({ _id: id }).limit(1).get();
      return list(res)[0] ?? null;
    },
    async find(collection, q, options: FindOptions = {}) {
      let ref = db.collection(collection).where(query(q));
      for (const [field, dir] of options.orderBy ?? []) ref = ref.orderBy(field, dir);
      if (options.skip) ref = ref.skip(options.skip);
      ref = ref.limit(Math.min(options.limit ?? 100, GET_LIMIT_MAX));
      if (options.fields) ref = ref.field(Object.fromEntries(options.fields.map((f) => [f, true])));
      return list(await ref.get());
    },
    async create(collection, doc) {
      try {
        await db.collection(collection).add({ data: doc });
      } catch (error) {
        if (isDuplicateKey(error)) throw new AppError('conflict', `${collection}/${doc._id} exists`);
        throw error;
      }
    },
    async createMany(collection, docs) {
      if (docs.length === 0) return;
      try {
        await db.collection(collection).add({ data: docs });
      } catch (error) {
        if (isDuplicateKey(error)) throw new AppError('conflict', `${collection}: a document exists`);
        throw error;
      }
    },
    async put(collection, doc) {
      const { _id, ...rest } = doc;
      await db.collection(collection).doc(_id).set({ data: rest });
    },
    async updateWhere(collection, q, u) {
      const res = await db.collection(collection).where(query(q)).update({ data: update(u) });
      return Number(res?.stats?.updated ?? 0);
    },
    async aggregate(collection, pipeline: Stage[]) {
      const hasLimit = pipeline.some((s) => '$limit' in s);
      let agg = db.collection(collection).aggregate();
      for (const stage of [...pipeline, ...(hasLimit ? [] : [{ $limit: AGGREGATE_LIMIT }])]) {
        const [name, arg] = Object.entries(stage)[0];
        const method = name.slice(1);
        agg = method === 'match' ? agg.match(query(arg as Query)) : agg[method](arg);
      }
      const res = await agg.end();
      return Array.isArray(res?.list) ? res.list : Array.isArray(res?.data) ? res.data : [];
    },
    async transaction(run) {
      try {
        // the SDK re-runs the callback on DATABASE_TRANSACTION_CONFLICT (3 retries) and rolls back on a throw
        return await db.runTransaction(async (t: any) => {
          const ops: TxnOps = {
            async get(collection, id) {
              try {
                const res = await t.collection(collection).doc(id).get();
                const doc = Array.isArray(res?.data) ? res.data[0] : res?.data;
                return (doc as Doc) ?? null;
              } catch (error) {
                if (/not exist|不存在/i.test(String((error as Error)?.message ?? error))) return null;
                throw error;
              }
            },
            async create(collection, doc) {
              try {
                await t.collection(collection).add({ data: doc });
              } catch (error) {
                // as outside a transaction (and as the memory store): an existing _id is a conflict
                if (isDuplicateKey(error)) throw new AppError('conflict', `${collection}/${doc._id} exists`);
                throw error;
              }
            },
            async update(collection, id, u) {
              await t.collection(collection).doc(id).update({ data: update(u) });
            },
          };
          return run(ops);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (isTransactionConflict(error)) throw new AppError('conflict', 'transaction conflict');
        throw error;
      }
    },
  };
  return store;
}

function isPushEach(v: unknown): v is { $each: unknown[]; $position?: number } {
  return !!v && typeof v === 'object' && Array.isArray((v as { $each?: unknown }).$each);
}

/** The conflict a transaction's commit answers when another writer got there first (after the SDK's retries). */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === 'DATABASE_TRANSACTION_CONFLICT' || /TransactionConflict|DATABASE_TRANSACTION_CONFLICT/.test(String(e.message ?? '')));
}

/** CloudBase reports a duplicate `_id` (or unique index) as a database failure whose message carries E11000. */
export function isDuplicateKey(error: unknown): boolean {
  const text = error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error);
  return /E11000|duplicate key/i.test(text);
}
