/**
 * The `database.*` actions of the CloudBase wire, as @cloudbase/database 1.4.3 (inside wx-server-sdk 4.0.2)
 * sends them. Queries, updates and pipelines arrive as EJSON strings; mingo evaluates them over the rows
 * SQLite pre-filters. Production limits live here: get ≤ 1000 (default 100), aggregate default 20,
 * transactions only on single documents with first-committer-wins conflict detection at commit.
 */
import { randomBytes } from 'node:crypto';
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import { clone, encodeStored, normalise, parseWire, toWire } from '../ejson';
import { SqliteStore, StoredDoc, isValidCollectionName } from '../store/sqlite-store';
import { encodeId } from '../store/prefilter';
import { WireError, fail } from './errors';
import { lookupCandidates } from './lookup';
import { checkQuery, checkStage, checkUpdate } from './operators';

export const GET_LIMIT_DEFAULT = 100;
export const GET_LIMIT_MAX = 1000;
/** CloudBase answers an aggregate without a $limit stage with at most 20 records. */
export const AGGREGATE_LIMIT_DEFAULT = 20;
/** MongoDB's transactionLifetimeLimitSeconds: an open transaction older than this is gone. */
export const TRANSACTION_LIFETIME_MS = 60_000;

// Which operators are accepted at all: wire/operators.ts (the table in docs/ARCHITECTURE.md).

interface TxnEntry {
  collection: string;
  id: unknown;
  /** seq of the document when the transaction first saw it; null = absent */
  seenSeq: number | null;
  /** the document as first seen: later reads in the transaction repeat it (snapshot-ish) */
  seenDoc: Record<string, any> | null;
  /** pending state: undefined = untouched, null = deleted, object = new document */
  pending?: Record<string, any> | null;
}

interface Transaction {
  id: string;
  startSeq: number;
  startedAt: number;
  workerId: string | null;
  entries: Map<string, TxnEntry>;
}

export interface DatabaseContext {
  /** emulator clock (ms) for serverDate */
  now: number;
  /** worker the call came from, if any */
  workerId: string | null;
}

export interface DatabaseOptions {
  /** refuse collections that were not created (CloudBase does); default true */
  strictCollections: boolean;
  envId: string;
}

type Body = Record<string, any>;

/**
 * What the wire served, as CloudBase's quota counts it (bench/day reads it through `dbMeterOf(emu.store)`):
 * per request — a get, count or aggregate is one read, an add / update / remove one write, whatever the
 * number of documents; inside a transaction each operation counts as its own kind and start / commit /
 * abort count as neither — and, as an upper bound, the documents each request returned or changed.
 */
export interface DbMeter {
  reads: number;
  writes: number;
  docsRead: number;
  docsWritten: number;
  byAction: Record<string, number>;
}
const meters = new WeakMap<SqliteStore, DbMeter>();
export const dbMeterOf = (store: SqliteStore): DbMeter | undefined => meters.get(store);
const READ_ACTIONS = new Set(['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments']);
const WRITE_ACTIONS = new Set(['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument']);

function meter(m: DbMeter, action: string, answer: Record<string, unknown>): void {
  m.byAction[action] = (m.byAction[action] ?? 0) + 1;
  const data = (answer.data ?? {}) as { list?: unknown[]; total?: number; insertedIds?: unknown[]; updated?: number; upsert_id?: unknown; deleted?: number };
  if (READ_ACTIONS.has(action)) {
    m.reads += 1;
    m.docsRead += Math.max(1, data.list?.length ?? 1);
  } else if (WRITE_ACTIONS.has(action)) {
    m.writes += 1;
    m.docsWritten += Math.max(1, data.insertedIds?.length ?? (data.updated ?? 0) + (data.upsert_id ? 1 : 0) + (data.deleted ?? 0));
  }
}

export class DatabaseWire {
  private readonly transactions = new Map<string, Transaction>();
  private readonly meter: DbMeter = { reads: 0, writes: 0, docsRead: 0, docsWritten: 0, byAction: {} };

  constructor(private readonly store: SqliteStore, private readonly options: DatabaseOptions) {
    meters.set(store, this.meter);
  }

  handle(action: string, body: Body, ctx: DatabaseContext): Record<string, unknown> {
    const answer = this.serve(action, body, ctx);
    meter(this.meter, action, answer);
    return answer;
  }

  private serve(action: string, body: Body, ctx: DatabaseContext): Record<string, unknown> {
    switch (action) {
      case 'database.getDocument':
        return this.getDocument(body, ctx);
      case 'database.insertDocument':
        return this.insertDocument(body, ctx);
      case 'database.modifyDocument':
        return this.modifyDocument(body, ctx);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturnDoc(body, ctx);
      case 'database.removeDocument':
        return this.removeDocument(body, ctx);
      case 'database.calculateDocument':
        return this.calculateDocument(body, ctx);
      case 'database.aggregateDocuments':
        return this.aggregateDocuments(body, ctx);
      case 'database.startTransaction':
        return this.startTransaction(ctx);
      case 'database.commitTransaction':
        return this.commitTransaction(body);
      case 'database.abortTransaction':
        return this.abortTransaction(body);
      case 'database.addCollection':
        return this.addCollection(body);
      default:
        return fail('INVALID_ACTION', `[InvalidParameter.Action] 不支持的数据库操作: ${action}`);
    }
  }

  /** Ends every transaction a worker left open (its invocation finished or was killed). */
  abortTransactionsOf(workerId: string): void {
    for (const [id, txn] of this.transactions) if (txn.workerId === workerId) this.transactions.delete(id);
  }

  openTransactionCount(): number {
    return this.transactions.size;
  }

  // ---- reads ---------------------------------------------------------------------------------

  private getDocument(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    const criteria = this.queryOf(body, ctx);
    if (body.transactionId) {
      const txn = this.transaction(body.transactionId);
      const id = singleDocId(body, criteria, 'get');
      const doc = this.txnRead(txn, collection, id);
      let list = doc ? [doc] : [];
      if (doc && body.projection) list = project(list, this.projectionOf(body, ctx));
      return { data: { list: list.map(toWire) } };
    }
    const limit = limitOf(body.limit);
    const offset = offsetOf(body.offset);
    const order = this.orderOf(body, ctx);
    const projection = body.projection ? this.projectionOf(body, ctx) : undefined;
    const matched = this.match(collection, criteria, order ? undefined : offset + limit);
    let cursor = matchAll(matched, order, projection);
    cursor = cursor.slice(offset, offset + limit);
    return { data: { list: cursor.map(toWire) } };
  }

  private calculateDocument(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    const criteria = this.queryOf(body, ctx);
    return { data: { total: this.match(collection, criteria).length } };
  }

  private aggregateDocuments(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    if (!Array.isArray(body.stages)) fail('INVALID_PARAM', '[InvalidParameter] stages 必须是数组');
    const pipeline = (body.stages as unknown[]).map((stage, i) => {
      if (!stage || typeof stage !== 'object') return fail('INVALID_PARAM', `[InvalidParameter] 第 ${i} 个聚合阶段格式错误`);
      const { stageKey, stageValue } = stage as { stageKey?: unknown; stageValue?: unknown };
      if (typeof stageKey !== 'string') return fail('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] 不支持的聚合阶段: ${String(stageKey)}`);
      const value = typeof stageValue === 'string' ? this.parse(stageValue, ctx, 'stageValue') : stageValue;
      checkStage(stageKey, value);
      return { [stageKey]: value };
    });
    if (!pipeline.some((s) => '$limit' in s)) pipeline.push({ $limit: AGGREGATE_LIMIT_DEFAULT });
    const source = [...this.store.candidates(collection, firstMatch(pipeline))].map((r) => r.doc);
    let list: Record<string, unknown>[];
    try {
      list = this.runPipeline(pipeline, source);
    } catch (e) {
      if (e instanceof WireError) throw e;
      return fail('DATABASE_REQUEST_FAILED', `[FailedOperation] aggregate: ${(e as Error).message}`);
    }
    // an expression that evaluates to nothing (e.g. $arrayElemAt past the end) leaves the field out in
    // MongoDB; mingo keeps it as undefined, which EJSON would send as null
    return { data: { list: list.map((doc) => toWire(withoutUndefined(doc))) } };
  }

  /**
   * Runs the pipeline in segments cut at each top-level $lookup, so that the documents reaching a $lookup
   * are known and the joined collection is read through the SQL pre-filter (see wire/lookup.ts) rather
   * than decoded whole. A pipeline is a chain of functions of the stream, so running it in pieces gives
   * the same result as running it at once (mingo would resolve every joined collection up front).
   */
  private runPipeline(pipeline: Record<string, any>[], source: Record<string, unknown>[]): Record<string, unknown>[] {
    const fullScan = (name: string) => (this.store.hasCollection(name) ? this.store.all(name) : []);
    let docs = source;
    let pending: Record<string, any>[] = [];
    const flush = () => {
      if (pending.length) docs = new Aggregator(pending, { collectionResolver: fullScan } as any).run(docs) as Record<string, unknown>[];
      pending = [];
    };
    for (const stage of pipeline) {
      if (!('$lookup' in stage)) {
        pending.push(stage);
        continue;
      }
      flush();
      const spec = stage.$lookup;
      const criteria = this.store.hasCollection(spec?.from) ? lookupCandidates(spec, docs) : undefined;
      let joined: Record<string, unknown>[] | null = null;
      if (criteria === 'empty') joined = [];
      else if (criteria) joined = [...this.store.candidates(spec.from, criteria, { scan: true })].map((r) => r.doc);
      // one-shot: the narrowed list answers this stage's own `from` only; a $lookup nested in its
      // pipeline (resolved later, per document) reads the whole collection
      let narrowed = joined;
      const resolver = (name: string) => {
        if (narrowed && name === spec.from) {
          const out = narrowed;
          narrowed = null;
          return out;
        }
        return fullScan(name);
      };
      docs = new Aggregator([stage], { collectionResolver: resolver } as any).run(docs) as Record<string, unknown>[];
    }
    flush();
    return docs;
  }

  // ---- writes --------------------------------------------------------------------------------

  private insertDocument(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    const raw = body.data;
    if (!Array.isArray(raw) || raw.length === 0) fail('INVALID_PARAM', '[InvalidParameter] data 必须是非空数组');
    const docs = (raw as unknown[]).map((item) => {
      const doc = typeof item === 'string' ? this.parse(item, ctx, 'data') : normalise(item, ctx.now);
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('INVALID_PARAM', '[InvalidParameter] 记录必须是对象');
      checkFieldNames(doc);
      if (doc._id === undefined || doc._id === null) doc._id = newId();
      else if (typeof doc._id !== 'string' && typeof doc._id !== 'number') fail('INVALID_PARAM', '[InvalidParameter] _id 必须是字符串或数字');
      // _id first, as MongoDB stores it
      const { _id, ...rest } = doc;
      return { _id, ...rest } as Record<string, any>;
    });
    if (body.transactionId) {
      const txn = this.transaction(body.transactionId);
      for (const doc of docs) {
        if (this.txnRead(txn, collection, doc._id)) fail('DATABASE_REQUEST_FAILED', duplicateKey(this.options.envId, collection, doc._id));
        this.txnEntry(txn, collection, doc._id).pending = doc;
      }
      return { data: { insertedIds: docs.map((d) => d._id) } };
    }
    this.store.atomically(() => {
      for (const doc of docs) {
        let inserted = false;
        try {
          inserted = this.store.insert(collection, doc);
        } catch (e) {
          uniqueViolation(e, this.options.envId, collection);
        }
        if (!inserted) fail('DATABASE_REQUEST_FAILED', duplicateKey(this.options.envId, collection, doc._id));
      }
    });
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  private modifyDocument(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    const criteria = this.queryOf(body, ctx);
    if (typeof body.data !== 'string' && (typeof body.data !== 'object' || body.data === null)) fail('INVALID_PARAM', '[InvalidParameter] data 不能为空');
    const data = typeof body.data === 'string' ? this.parse(body.data, ctx, 'data') : normalise(body.data, ctx.now);
    if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('INVALID_PARAM', '[InvalidParameter] data 必须是对象');
    const replace = body.merge === false;
    const upsert = body.upsert === true;
    const modifier = replace ? null : toModifier(data);
    if (replace) {
      checkFieldNames(data);
      if ('_id' in data) fail('INVALID_PARAM', '[InvalidParameter] 不能更新_id的值');
    }

    if (body.transactionId) {
      const txn = this.transaction(body.transactionId);
      const id = singleDocId(body, criteria, 'update');
      const current = this.txnRead(txn, collection, id);
      if (!current) {
        if (!upsert) return { data: { updated: 0 } };
        const created = replace ? { _id: id, ...clone(data) } : applyModifier({ _id: id }, modifier!).doc;
        this.txnEntry(txn, collection, id).pending = created;
        return { data: { updated: 0, upsert_id: id } };
      }
      const next = replace ? { _id: current._id, ...clone(data) } : applyModifier(current, modifier!).doc;
      const changed = encodeStored(next) !== encodeStored(current);
      // Even a no-op write takes part in the conflict check, so a stale read can never commit silently.
      this.txnEntry(txn, collection, id).pending = next;
      return { data: { updated: changed ? 1 : 0 } };
    }

    return this.store.atomically(() => {
      const single = body.queryType === 'DOC' || body.multi === false;
      if (body.queryType !== 'DOC' && !body.query) fail('INVALID_PARAM', '[InvalidParameter] 批量更新必须带查询条件（where）');
      const matched = this.match(collection, criteria, single ? 1 : undefined);
      let updated = 0;
      for (const row of matched) {
        const next = replace ? { _id: row._id, ...clone(data) } : applyModifier(row, modifier!).doc;
        if (encodeStored(next) === encodeStored(row)) continue;
        try {
          this.store.put(collection, next);
        } catch (e) {
          uniqueViolation(e, this.options.envId, collection);
        }
        updated += 1;
      }
      if (matched.length === 0 && upsert) {
        const id = criteria && (typeof criteria._id === 'string' || typeof criteria._id === 'number') ? criteria._id : newId();
        const created = replace ? { _id: id, ...clone(data) } : applyModifier({ ...equalityFields(criteria), _id: id }, modifier!).doc;
        try {
          this.store.insert(collection, created);
        } catch (e) {
          uniqueViolation(e, this.options.envId, collection);
        }
        return { data: { updated: 0, upsert_id: id } };
      }
      return { data: { updated } };
    });
  }

  private modifyAndReturnDoc(body: Body, ctx: DatabaseContext) {
    if (body.transactionId) fail('DATABASE_REQUEST_FAILED', '[InvalidParameter] 事务中不支持 updateAndReturn');
    const collection = this.collectionOf(body);
    const criteria = this.queryOf(body, ctx);
    const data = typeof body.data === 'string' ? this.parse(body.data, ctx, 'data') : fail('INVALID_PARAM', '[InvalidParameter] data 不能为空');
    const modifier = toModifier(data);
    return this.store.atomically(() => {
      const [row] = this.match(collection, criteria, 1);
      if (!row) return { data: { updated: 0, doc: null } };
      const { doc, changed } = applyModifier(row, modifier);
      if (changed) this.store.put(collection, doc);
      return { data: { updated: changed ? 1 : 0, doc: toWire(doc) } };
    });
  }

  private removeDocument(body: Body, ctx: DatabaseContext) {
    const collection = this.collectionOf(body);
    const criteria = this.queryOf(body, ctx);
    if (body.transactionId) {
      const txn = this.transaction(body.transactionId);
      const id = singleDocId(body, criteria, 'remove');
      const current = this.txnRead(txn, collection, id);
      if (!current) return { data: { deleted: 0 } };
      this.txnEntry(txn, collection, id).pending = null;
      return { data: { deleted: 1 } };
    }
    if (body.queryType !== 'DOC' && !body.query) fail('INVALID_PARAM', '[InvalidParameter] 批量删除必须带查询条件（where）');
    return this.store.atomically(() => {
      const single = body.queryType === 'DOC' || body.multi === false;
      const matched = this.match(collection, criteria, single ? 1 : undefined);
      for (const row of matched) this.store.remove(collection, row._id);
      return { data: { deleted: matched.length } };
    });
  }

  private addCollection(body: Body) {
    const name = body.collectionName;
    if (!isValidCollectionName(name)) return fail('INVALID_PARAM', '[InvalidParameter] 集合名不合法');
    if (this.store.hasCollection(name)) fail('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: ${name}`);
    this.store.ensureCollection(name);
    return {};
  }

  // ---- transactions --------------------------------------------------------------------------

  private startTransaction(ctx: DatabaseContext) {
    const id = `txn-${randomBytes(12).toString('hex')}`;
    this.transactions.set(id, { id, startSeq: this.store.currentSeq(), startedAt: Date.now(), workerId: ctx.workerId, entries: new Map() });
    return { transactionId: id };
  }

  private commitTransaction(body: Body) {
    const txn = this.transaction(body.transactionId);
    this.transactions.delete(txn.id);
    this.store.atomically(() => {
      // First committer wins: any document this transaction wrote must be exactly as it first saw it,
      // and unchanged since the transaction began (snapshot isolation's write-write check).
      for (const entry of txn.entries.values()) {
        if (entry.pending === undefined) continue;
        const now = this.store.get(entry.collection, entry.id);
        const nowSeq = now ? now.seq : null;
        if (nowSeq !== entry.seenSeq || (nowSeq !== null && nowSeq > txn.startSeq)) {
          fail('DATABASE_TRANSACTION_CONFLICT', `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe too many transactions are trying to modify the same document: ${entry.collection}/${String(entry.id)}`);
        }
      }
      for (const entry of txn.entries.values()) {
        if (entry.pending === undefined) continue;
        if (entry.pending === null) this.store.remove(entry.collection, entry.id);
        else {
          try {
            this.store.put(entry.collection, entry.pending);
          } catch (e) {
            uniqueViolation(e, this.options.envId, entry.collection);
          }
        }
      }
    });
    return {};
  }

  private abortTransaction(body: Body) {
    const txn = this.transaction(body.transactionId);
    this.transactions.delete(txn.id);
    return {};
  }

  private transaction(id: unknown): Transaction {
    if (typeof id !== 'string' || !id) return fail('INVALID_PARAM', '[InvalidParameter] transactionId 不能为空');
    const txn = this.transactions.get(id);
    if (!txn) return fail('DATABASE_TRANSACTION_FAIL', `[ResourceNotFound.Transaction] 事务不存在或已结束: ${id}`);
    if (Date.now() - txn.startedAt > TRANSACTION_LIFETIME_MS) {
      this.transactions.delete(id);
      return fail('DATABASE_TRANSACTION_FAIL', `[FailedOperation.TransactionExpired] 事务已超时: ${id}`);
    }
    return txn;
  }

  private txnEntry(txn: Transaction, collection: string, id: unknown): TxnEntry {
    const key = `${collection}\u0001${encodeId(id)}`;
    let entry = txn.entries.get(key);
    if (!entry) {
      const row = this.store.get(collection, id);
      entry = { collection, id, seenSeq: row ? row.seq : null, seenDoc: row ? row.doc : null };
      txn.entries.set(key, entry);
    }
    return entry;
  }

  /** A read inside the transaction: its own pending writes first, then the committed document. */
  private txnRead(txn: Transaction, collection: string, id: unknown): Record<string, any> | null {
    const key = `${collection}\u0001${encodeId(id)}`;
    const entry = txn.entries.get(key);
    if (entry && entry.pending !== undefined) return entry.pending ? clone(entry.pending) : null;
    if (entry) return entry.seenDoc ? clone(entry.seenDoc) : null;
    const row: StoredDoc | null = this.store.get(collection, id);
    txn.entries.set(key, { collection, id, seenSeq: row ? row.seq : null, seenDoc: row ? clone(row.doc) : null });
    return row ? row.doc : null;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private collectionOf(body: Body): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || name === '') return fail('INVALID_PARAM', '[InvalidParameter] collectionName 不能为空');
    if (!this.store.hasCollection(name)) {
      if (this.options.strictCollections || !isValidCollectionName(name)) {
        fail('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.: ${name}`);
      }
      this.store.ensureCollection(name);
    }
    return name;
  }

  private parse(text: string, ctx: DatabaseContext, what: string): any {
    let parsed: unknown;
    try {
      parsed = parseWire(text);
    } catch (e) {
      return fail('INVALID_PARAM', `[InvalidParameter] ${what} 不是合法的 EJSON: ${(e as Error).message}`);
    }
    try {
      return normalise(parsed, ctx.now);
    } catch (e) {
      // e.g. an invalid regular expression: MongoDB refuses it when it runs the query
      return fail('DATABASE_REQUEST_FAILED', `[FailedOperation] ${(e as Error).message}`);
    }
  }

  private queryOf(body: Body, ctx: DatabaseContext): Record<string, any> | undefined {
    const q = body.query;
    if (q === undefined || q === null || q === '') {
      if (body.queryType === 'DOC') fail('INVALID_PARAM', '[InvalidParameter] doc 操作需要 _id');
      return undefined;
    }
    const parsed = typeof q === 'string' ? this.parse(q, ctx, 'query') : normalise(q, ctx.now);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('INVALID_PARAM', '[InvalidParameter] query 必须是对象');
    checkQuery(parsed);
    if (body.queryType === 'DOC' && (typeof parsed._id !== 'string' && typeof parsed._id !== 'number')) {
      fail('INVALID_PARAM', '[InvalidParameter] doc 操作需要 _id');
    }
    return parsed;
  }

  private orderOf(body: Body, ctx: DatabaseContext): Record<string, 1 | -1> | undefined {
    if (body.order === undefined || body.order === null || body.order === '') return undefined;
    const order = typeof body.order === 'string' ? this.parse(body.order, ctx, 'order') : body.order;
    if (Array.isArray(order)) {
      // older SDKs send [{ field, direction }]
      const out: Record<string, 1 | -1> = {};
      for (const o of order) out[o.field] = o.direction === 'desc' || o.direction === -1 ? -1 : 1;
      return out;
    }
    if (!order || typeof order !== 'object') return fail('INVALID_PARAM', '[InvalidParameter] order 格式错误');
    for (const [k, v] of Object.entries(order)) if (v !== 1 && v !== -1) fail('INVALID_PARAM', `[InvalidParameter] 排序方向只能是 asc/desc: ${k}`);
    return Object.keys(order).length ? (order as Record<string, 1 | -1>) : undefined;
  }

  private projectionOf(body: Body, ctx: DatabaseContext): Record<string, unknown> {
    const p = typeof body.projection === 'string' ? this.parse(body.projection, ctx, 'projection') : body.projection;
    if (!p || typeof p !== 'object' || Array.isArray(p)) return fail('INVALID_PARAM', '[InvalidParameter] projection 格式错误');
    return p;
  }

  /** Documents matching `criteria` in natural order; stops after `max` when given. */
  private match(collection: string, criteria: Record<string, any> | undefined, max?: number): Record<string, any>[] {
    let query: Query | null = null;
    try {
      query = criteria && Object.keys(criteria).length && !byIdsOnly(criteria) ? new Query(criteria) : null;
    } catch (e) {
      fail('DATABASE_REQUEST_FAILED', `[InvalidParameter] query: ${(e as Error).message}`);
    }
    const out: Record<string, any>[] = [];
    for (const row of this.store.candidates(collection, criteria)) {
      let ok = true;
      try {
        ok = query ? query.test(row.doc) : true;
      } catch (e) {
        fail('DATABASE_REQUEST_FAILED', `[InvalidParameter] query: ${(e as Error).message}`);
      }
      if (!ok) continue;
      out.push(row.doc);
      if (max !== undefined && out.length >= max) break;
    }
    return out;
  }
}

// ---- pure helpers ------------------------------------------------------------------------------

const isIdValue = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * `{ _id: id }`, `{ _id: { $eq: id } }` or `{ _id: { $in: [ids] } }`: the store's pre-filter selects
 * exactly these rows by primary key, so mingo has nothing left to decide (and building a Query costs
 * more than the lookup: it copies every operator table).
 */
function byIdsOnly(criteria: Record<string, any>): boolean {
  const keys = Object.keys(criteria);
  if (keys.length !== 1 || keys[0] !== '_id') return false;
  const cond = criteria._id;
  if (isIdValue(cond)) return true;
  if (!cond || typeof cond !== 'object' || Array.isArray(cond) || cond instanceof Date) return false;
  const ops = Object.keys(cond);
  if (ops.length !== 1) return false;
  if (ops[0] === '$eq') return isIdValue(cond.$eq);
  return ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.length > 0 && cond.$in.length <= 500 && cond.$in.every(isIdValue);
}

function limitOf(value: unknown): number {
  if (value === undefined || value === null) return GET_LIMIT_DEFAULT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > GET_LIMIT_MAX) {
    return fail('INVALID_PARAM', `[InvalidParameter] limit 必须是 1 到 ${GET_LIMIT_MAX} 之间的整数，收到 ${JSON.stringify(value)}`);
  }
  return value;
}

function offsetOf(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return fail('INVALID_PARAM', '[InvalidParameter] offset 必须是非负整数');
  return value;
}

function matchAll(docs: Record<string, any>[], order?: Record<string, 1 | -1>, projection?: Record<string, unknown>): Record<string, any>[] {
  let list = docs;
  if (order) {
    try {
      list = new Query({}).find(list).sort(order).all() as Record<string, any>[];
    } catch (e) {
      fail('DATABASE_REQUEST_FAILED', `[InvalidParameter] order: ${(e as Error).message}`);
    }
  }
  return projection ? project(list, projection) : list;
}

function project(docs: Record<string, any>[], projection: Record<string, unknown>): Record<string, any>[] {
  if (Object.keys(projection).length === 0) return docs;
  try {
    return new Query({}).find(docs, projection as any).all() as Record<string, any>[];
  } catch (e) {
    return fail('DATABASE_REQUEST_FAILED', `[InvalidParameter] projection: ${(e as Error).message}`);
  }
}

function singleDocId(body: Body, criteria: Record<string, any> | undefined, op: string): string | number {
  const id = criteria?._id;
  if (body.queryType !== 'DOC' || (typeof id !== 'string' && typeof id !== 'number') || Object.keys(criteria!).length !== 1) {
    return fail('DATABASE_REQUEST_FAILED', `[InvalidParameter] 事务中只允许单记录操作：请用 doc(id).${op}()，不支持 where 查询或批量操作`);
  }
  return id;
}

function checkFieldNames(doc: Record<string, unknown>): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) fail('INVALID_PARAM', `[InvalidParameter] 字段名不能以 $ 开头: ${key}`);
  }
}

/** The update document: operators only, or plain fields (treated as $set); mixing is refused. */
function toModifier(data: Record<string, any>): Record<string, Record<string, unknown>> {
  const keys = Object.keys(data);
  if (keys.length === 0) return fail('INVALID_PARAM', '[InvalidParameter] 更新内容不能为空');
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return { $set: data };
  if (ops.length !== keys.length) return fail('DATABASE_REQUEST_FAILED', '[InvalidParameter] update operator complicit');
  checkUpdate(data);
  for (const op of ops) {
    const fields = data[op];
    if (!fields || typeof fields !== 'object') fail('INVALID_PARAM', `[InvalidParameter] ${op} 的参数必须是对象`);
    for (const field of Object.keys(fields)) {
      if (field === '_id' || field.startsWith('_id.')) fail('INVALID_PARAM', '[InvalidParameter] 不能更新_id的值');
      if (op === '$rename' && (fields[field] === '_id')) fail('INVALID_PARAM', '[InvalidParameter] 不能更新_id的值');
    }
  }
  return data as Record<string, Record<string, unknown>>;
}

const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

function valueAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || cur instanceof Date) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** MongoDB refuses $inc on a string or $push on a non-array; mingo would silently skip, so check first. */
function checkOperandTypes(doc: Record<string, any>, modifier: Record<string, Record<string, unknown>>): void {
  for (const [op, fields] of Object.entries(modifier)) {
    for (const [path, operand] of Object.entries(fields)) {
      const current = valueAt(doc, path);
      if (NUMERIC_OPERATORS.has(op)) {
        if (typeof operand !== 'number') fail('DATABASE_REQUEST_FAILED', `[FailedOperation] Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
        if (current !== undefined && current !== null && typeof current !== 'number') {
          fail('DATABASE_REQUEST_FAILED', `[FailedOperation] Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof current}`);
        }
      } else if (ARRAY_OPERATORS.has(op) && current !== undefined && !Array.isArray(current)) {
        fail('DATABASE_REQUEST_FAILED', `[FailedOperation] The field '${path}' must be an array but is of type ${current === null ? 'null' : typeof current} in document {_id: ${JSON.stringify(doc._id)}}`);
      }
    }
  }
}

function applyModifier(doc: Record<string, any>, modifier: Record<string, Record<string, unknown>>): { doc: Record<string, any>; changed: boolean } {
  checkOperandTypes(doc, modifier);
  const next = clone(doc);
  try {
    mingoUpdate(next, clone(modifier) as any);
  } catch (e) {
    return fail('DATABASE_REQUEST_FAILED', `[FailedOperation] ${(e as Error).message}`);
  }
  return { doc: next, changed: encodeStored(next) !== encodeStored(doc) };
}

function equalityFields(criteria: Record<string, any> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!criteria) return out;
  for (const [k, v] of Object.entries(criteria)) {
    if (k.startsWith('$') || k.includes('.')) continue;
    if (v === null || typeof v !== 'object' || v instanceof Date) out[k] = v;
  }
  return out;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (!value || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}

function firstMatch(pipeline: Record<string, any>[]): Record<string, any> | undefined {
  const first = pipeline[0];
  return first && '$match' in first ? first.$match : undefined;
}

/** CloudBase document ids: 32 hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

function duplicateKey(env: string, collection: string, id: unknown): string {
  return `[FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: ${env}.${collection} index: _id_ dup key: { _id: ${JSON.stringify(id)} }}]}, {<nil>}]`;
}

function uniqueViolation(e: unknown, env: string, collection: string): never {
  const err = e as { code?: string; message?: string };
  if (err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new WireError('DATABASE_REQUEST_FAILED', `[FailedOperation] E11000 duplicate key error collection: ${env}.${collection} (unique index)`);
  }
  throw e;
}
