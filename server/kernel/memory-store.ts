/**
 * An in-memory Store over mingo, for unit tests of commands (fast, no emulator). It keeps the limits the
 * port has on CloudBase (100 per get unless told, 1000 at most, an aggregate without $limit answers up to
 * 1000 as the SDK store asks, duplicate `_id` refused) so a command that passes here does not lean on
 * anything CloudBase lacks. tests/contract/store-port.test.ts runs one suite against this and the SDK store.
 * Never bundled into a function (nothing under cloudfunctions imports it).
 */
import { Aggregator, Query as MingoQuery, updateMany } from 'mingo';
import { AppError } from './errors';
import { GET_MANY_MAX, tooManyIds, type Doc, type FindOptions, type Query, type Stage, type Store, type TxnOps, type Update } from './store';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements Store {
  readonly collections = new Map<string, Map<string, Doc>>();
  /** transactions run one at a time (a simple serialisation: no conflicts, hence no natural re-runs) */
  private txnQueue: Promise<unknown> = Promise.resolve();
  /**
   * Test switch: run every transaction callback twice, throwing the first run's writes away — what CloudBase
   * does after a write conflict — so tests can show a callback that runs again changes nothing twice.
   */
  rerunTransactions = false;
  /** how many transaction callbacks ran (re-runs included) */
  transactionRuns = 0;

  private coll(name: string): Map<string, Doc> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new Map()));
    return c;
  }

  /** test helper: every document of a collection */
  all(name: string): Doc[] {
    return [...this.coll(name).values()].map(clone);
  }

  /** test helper: write documents directly (seeding) */
  seed(name: string, docs: Doc[]): void {
    for (const d of docs) this.coll(name).set(d._id, clone(d));
  }

  async getMany(collection: string, ids: string[]): Promise<Map<string, Doc>> {
    const distinct = new Set(ids).size;
    if (distinct > GET_MANY_MAX) throw new Error(tooManyIds(distinct));
    const c = this.coll(collection);
    const out = new Map<string, Doc>();
    for (const id of ids) {
      const d = c.get(id);
      if (d) out.set(id, clone(d));
    }
    return out;
  }

  async get(collection: string, id: string): Promise<Doc | null> {
    const d = this.coll(collection).get(id);
    return d ? clone(d) : null;
  }

  async find(collection: string, query: Query, options: FindOptions = {}): Promise<Doc[]> {
    const q = new MingoQuery(query);
    let docs = [...this.coll(collection).values()].filter((d) => q.test(d));
    if (options.orderBy?.length) {
      const order = options.orderBy;
      docs.sort((a, b) => {
        for (const [field, dir] of order) {
          const x = pick(a, field);
          const y = pick(b, field);
          // null and a missing field sort as the same value, before everything else (MongoDB's order)
          const xNone = x === undefined || x === null;
          const yNone = y === undefined || y === null;
          if (xNone && yNone) continue;
          let cmp: number;
          if (xNone || yNone) cmp = xNone ? -1 : 1;
          else if ((x as never) < (y as never)) cmp = -1;
          else if ((x as never) > (y as never)) cmp = 1;
          // equal (also two Date objects of the same time): the next key decides
          else continue;
          return dir === 'asc' ? cmp : -cmp;
        }
        return 0;
      });
    }
    const limit = Math.min(options.limit ?? 100, 1000);
    docs = docs.slice(options.skip ?? 0, (options.skip ?? 0) + limit);
    if (options.fields) {
      const fields = options.fields;
      // as CloudBase's field(): a dotted field returns only that part of its object
      return docs.map((d) => {
        const out: Doc = { _id: d._id };
        for (const f of fields) copyPath(d, out, f.split('.'));
        return out;
      });
    }
    return docs.map(clone);
  }

  async create(collection: string, doc: Doc): Promise<void> {
    const c = this.coll(collection);
    if (c.has(doc._id)) throw new AppError('conflict', `${collection}/${doc._id} exists`);
    c.set(doc._id, clone(doc));
  }

  async createMany(collection: string, docs: Doc[]): Promise<void> {
    const c = this.coll(collection);
    const ids = new Set<string>();
    for (const d of docs) {
      if (c.has(d._id) || ids.has(d._id)) throw new AppError('conflict', `${collection}/${d._id} exists`);
      ids.add(d._id);
    }
    for (const d of docs) c.set(d._id, clone(d));
  }

  async put(collection: string, doc: Doc): Promise<void> {
    this.coll(collection).set(doc._id, clone(doc));
  }

  async updateWhere(collection: string, query: Query, update: Update): Promise<number> {
    const c = this.coll(collection);
    const docs = [...c.values()];
    const modifier: Record<string, unknown> = {};
    for (const [op, fields] of Object.entries(update)) {
      if (!fields) continue;
      modifier[op] = op === '$unset' ? Object.fromEntries(Object.keys(fields).map((k) => [k, ''])) : fields;
    }
    const { modifiedCount } = updateMany(docs, query, modifier as never, { cloneMode: 'deep' });
    // mingo may replace array entries instead of mutating them: write every entry back by _id
    for (const d of docs) c.set(d._id, d);
    return modifiedCount;
  }

  async aggregate(collection: string, pipeline: Stage[]): Promise<Record<string, unknown>[]> {
    const hasLimit = pipeline.some((s) => '$limit' in s);
    // $lookup reads the other collection as CloudBase does
    const out = new Aggregator(pipeline, { collectionResolver: (name: string) => this.all(name) } as never).run([...this.coll(collection).values()].map(clone));
    // the SDK store adds { $limit: 1000 } to a pipeline without one (CloudBase's bare default is 20)
    return hasLimit ? out : out.slice(0, 1000);
  }

  async transaction<T>(run: (t: TxnOps) => Promise<T>): Promise<T> {
    const attempt = async (): Promise<{ out: T; writes: Map<string, Doc | null> }> => {
      this.transactionRuns += 1;
      // writes are staged per `${collection}\u0000${id}` and applied at commit
      const writes = new Map<string, Doc | null>();
      const key = (c: string, id: string) => `${c}\u0000${id}`;
      const read = (c: string, id: string): Doc | null => {
        const k = key(c, id);
        if (writes.has(k)) return writes.get(k) ? clone(writes.get(k)!) : null;
        const d = this.coll(c).get(id);
        return d ? clone(d) : null;
      };
      const ops: TxnOps = {
        get: async (c, id) => read(c, id),
        create: async (c, doc) => {
          if (read(c, doc._id)) throw new AppError('conflict', `${c}/${doc._id} exists`);
          writes.set(key(c, doc._id), clone(doc));
        },
        update: async (c, id, update) => {
          const current = read(c, id);
          if (!current) return;
          const scratch = new MemoryStore();
          scratch.seed(c, [current]);
          await scratch.updateWhere(c, { _id: id }, update);
          writes.set(key(c, id), scratch.coll(c).get(id)!);
        },
      };
      const out = await run(ops);
      return { out, writes };
    };
    const next = this.txnQueue.then(async () => {
      if (this.rerunTransactions) await attempt(); // the first run's writes are lost, as after a conflict
      const { out, writes } = await attempt();
      for (const [k, doc] of writes) {
        const [c, id] = k.split('\u0000');
        if (doc) this.coll(c).set(id, doc);
        else this.coll(c).delete(id);
      }
      return out;
    });
    this.txnQueue = next.catch(() => undefined);
    return next;
  }
}

/** copies the value at `path` from `from` into `to`, creating the objects on the way */
function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (!(head in from)) return;
  const value = from[head];
  if (rest.length === 0) {
    to[head] = clone(value);
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return;
  const into = (to[head] && typeof to[head] === 'object' ? to[head] : (to[head] = {})) as Record<string, unknown>;
  copyPath(value as Record<string, unknown>, into, rest);
}

function pick(doc: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}
