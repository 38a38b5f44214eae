/**
 * One suite, both adapters of the Store port (server/kernel/store.ts): the in-memory store the unit tests
 * run on (mingo) and the SDK store the functions run on (wx-server-sdk, here over the contract target — the
 * emulator, or CloudBase with CUNQUN_CONTRACT_ENV). Every method the functions call, and above all what the
 * retry scheme rests on: an existing _id refused as AppError('conflict'), a compare-and-set update answering
 * 0 when its condition fails (or when it would change nothing) and 1 when it holds, transactions that roll
 * back on a throw and converge under conflicts, getMany with missing and repeated ids, the query and update
 * operators the functions use, and $lookup over arrays and with let + pipeline.
 */
import { MemoryStore } from '../../server/kernel/memory-store';
import { createSdkStore } from '../../server/kernel/sdk-store';
import type { Doc, Store } from '../../server/kernel/store';
import { openContractTarget, type ContractTarget } from './target';

const COLLECTIONS = ['things', 'joined', 'counters'];

interface Adapter {
  store: Store;
  /** the adapter's name for a collection of this suite (prefixed on a real CloudBase) */
  c: (name: string) => string;
  close: () => Promise<void>;
}

const adapters: [string, () => Promise<Adapter>][] = [
  ['MemoryStore', async () => ({ store: new MemoryStore(), c: (n) => n, close: async () => undefined })],
  [
    'SdkStore',
    async () => {
      const target: ContractTarget = await openContractTarget(COLLECTIONS.map((name) => ({ name, indexes: [] })));
      return { store: createSdkStore(target.db), c: target.name, close: () => target.close() };
    },
  ],
];

const things: Doc[] = [
  { _id: 't1', kind: 'a', n: 1, tags: ['x', 'y'], owner: 'o1', at: new Date('2024-05-01T00:00:00Z'), box: { k: 1, v: 'one' } },
  { _id: 't2', kind: 'a', n: 5, tags: ['y'], owner: 'o2', at: new Date('2024-05-02T00:00:00Z'), gone: true },
  { _id: 't3', kind: 'b', n: 3, tags: [], owner: null, at: new Date('2024-05-03T00:00:00Z') },
  { _id: 't4', kind: 'b', n: 9, tags: ['z'], at: new Date('2024-05-04T00:00:00Z'), refs: ['j1', 'j3'] },
];
const joined: Doc[] = [
  { _id: 'j1', owner: 'o1', label: 'first', members: ['t1', 't4'] },
  { _id: 'j2', owner: 'o2', label: 'second', members: ['t2'] },
  { _id: 'j3', owner: 'o9', label: 'third', members: [] },
];

const ids = (docs: { _id: unknown }[]) => docs.map((d) => d._id).sort();

describe.each(adapters)('%s', (_name, open) => {
  let a: Adapter;
  let store: Store;
  let c: (name: string) => string;

  beforeAll(async () => {
    a = await open();
    ({ store, c } = a);
    await store.createMany(c('things'), things);
    await store.createMany(c('joined'), joined);
  });
  afterAll(() => a.close());

  describe('reads', () => {
    test('get: a document with its dates, or null', async () => {
      expect(await store.get(c('things'), 't1')).toEqual(things[0]);
      // (the memory store clones with structuredClone, whose Date is not the jest sandbox's Date class)
      expect(Object.prototype.toString.call((await store.get(c('things'), 't1'))!.at)).toBe('[object Date]');
      expect(await store.get(c('things'), 'nope')).toBeNull();
    });

    test('getMany: present ids only, a repeated id once, an empty list answers an empty map', async () => {
      const got = await store.getMany(c('things'), ['t3', 'nope', 't1', 't3']);
      expect([...got.keys()].sort()).toEqual(['t1', 't3']);
      expect(got.get('t3')).toEqual(things[2]);
      expect((await store.getMany(c('things'), [])).size).toBe(0);
    });

    test('getMany: more than 1000 distinct ids is refused (one request answers at most 1000), 1000 are fine', async () => {
      const many = Array.from({ length: 1001 }, (_x, i) => `id${i}`);
      await expect(store.getMany(c('things'), many)).rejects.toThrow('at most 1000');
      expect((await store.getMany(c('things'), [...many.slice(0, 999), 't1', 't1'])).size).toBe(1);
    });

    test.each<[string, Record<string, unknown>, string[]]>([
      ['equality', { kind: 'a' }, ['t1', 't2']],
      ['equality with an array element', { tags: 'y' }, ['t1', 't2']],
      ['$ne (missing counts as not equal)', { owner: { $ne: 'o1' } }, ['t2', 't3', 't4']],
      ['$ne on an array field', { tags: { $ne: 'y' } }, ['t3', 't4']],
      ['$in', { _id: { $in: ['t2', 't4', 'zz'] } }, ['t2', 't4']],
      ['$in with null matches null and missing', { owner: { $in: [null] } }, ['t3', 't4']],
      ['$nin on an array field', { tags: { $nin: ['x', 'z'] } }, ['t2', 't3']],
      ['$gt / $lte together', { n: { $gt: 1, $lte: 5 } }, ['t2', 't3']],
      ['$gte / $lt on dates', { at: { $gte: new Date('2024-05-02T00:00:00Z'), $lt: new Date('2024-05-04T00:00:00Z') } }, ['t2', 't3']],
      ['$exists true / false', { gone: { $exists: true } }, ['t2']],
      ['$exists false', { refs: { $exists: false } }, ['t1', 't2', 't3']],
      ['$or', { $or: [{ kind: 'b', n: { $gt: 5 } }, { owner: 'o1' }] }, ['t1', 't4']],
      ['$and beside a field', { kind: 'a', $and: [{ n: { $gte: 1 } }, { n: { $lt: 5 } }] }, ['t1']],
      ['a dotted path', { 'box.k': 1 }, ['t1']],
    ])('find: %s', async (_label, query, expected) => {
      expect(ids(await store.find(c('things'), query))).toEqual(expected);
    });

    test('find: orderBy on two keys, skip, limit', async () => {
      const docs = await store.find(c('things'), {}, { orderBy: [['kind', 'desc'], ['n', 'asc']], skip: 1, limit: 2 });
      expect(docs.map((d) => d._id)).toEqual(['t4', 't1']);
    });

    test('find: orderBy puts null and missing values first when ascending, last when descending', async () => {
      const query = { _id: { $in: ['t1', 't2', 't3', 't4'] } };
      expect((await store.find(c('things'), query, { orderBy: [['owner', 'asc'], ['n', 'asc']] })).map((d) => d._id)).toEqual(['t3', 't4', 't1', 't2']);
      expect((await store.find(c('things'), query, { orderBy: [['owner', 'desc'], ['n', 'asc']] })).map((d) => d._id)).toEqual(['t2', 't1', 't3', 't4']);
    });

    test('find: equal dates leave the order to the next key', async () => {
      const at = new Date('2024-06-01T00:00:00Z');
      await store.createMany(c('things'), [
        { _id: 'd1', sameDay: true, at, n: 1 },
        { _id: 'd2', sameDay: true, at: new Date(at), n: 3 },
        { _id: 'd3', sameDay: true, at: new Date(at), n: 2 },
      ]);
      expect((await store.find(c('things'), { sameDay: true }, { orderBy: [['at', 'asc'], ['n', 'desc']] })).map((d) => d._id)).toEqual(['d2', 'd3', 'd1']);
    });

    test('find: fields returns those fields and _id (a dotted field returns only that part)', async () => {
      expect(await store.find(c('things'), { _id: 't1' }, { fields: ['n', 'box.v'] })).toEqual([{ _id: 't1', n: 1, box: { v: 'one' } }]);
    });
  });

  describe('writes the retry scheme rests on', () => {
    test('create: an existing _id is refused as AppError conflict and the first document stays', async () => {
      await store.create(c('things'), { _id: 'c1', v: 1 });
      await expect(store.create(c('things'), { _id: 'c1', v: 2 })).rejects.toMatchObject({ name: 'AppError', code: 'conflict' });
      expect(await store.get(c('things'), 'c1')).toEqual({ _id: 'c1', v: 1 });
    });

    test('createMany: a batch holding an existing _id is refused as AppError conflict', async () => {
      await expect(store.createMany(c('things'), [{ _id: 'cm-new', v: 1 }, { _id: 'c1', v: 9 }])).rejects.toMatchObject({ name: 'AppError', code: 'conflict' });
      expect(await store.get(c('things'), 'c1')).toEqual({ _id: 'c1', v: 1 });
      await store.createMany(c('things'), []);
    });

    test('put: writes the whole document, replacing or creating', async () => {
      await store.put(c('things'), { _id: 'p1', a: 1, b: { x: 1 } });
      await store.put(c('things'), { _id: 'p1', b: { y: 2 } });
      expect(await store.get(c('things'), 'p1')).toEqual({ _id: 'p1', b: { y: 2 } });
    });

    test('updateWhere: 1 when the condition holds, 0 when it fails, 0 when it would change nothing', async () => {
      await store.create(c('things'), { _id: 'cas', state: 'open', v: 1 });
      expect(await store.updateWhere(c('things'), { _id: 'cas', state: 'closed' }, { $set: { v: 2 } })).toBe(0);
      expect(await store.updateWhere(c('things'), { _id: 'cas', state: 'open' }, { $set: { state: 'closed', v: 2 } })).toBe(1);
      // the same write again: its condition no longer holds
      expect(await store.updateWhere(c('things'), { _id: 'cas', state: 'open' }, { $set: { state: 'closed', v: 2 } })).toBe(0);
      // the condition holds but nothing changes: CloudBase counts only changed documents
      expect(await store.updateWhere(c('things'), { _id: 'cas' }, { $set: { v: 2 } })).toBe(0);
      expect(await store.get(c('things'), 'cas')).toEqual({ _id: 'cas', state: 'closed', v: 2 });
    });

    test('updateWhere: a marker condition ($ne on an array) makes a retried append apply once', async () => {
      await store.create(c('things'), { _id: 'once', seen: [], n: 0 });
      const append = () => store.updateWhere(c('things'), { _id: 'once', seen: { $ne: 'r1' } }, { $push: { seen: 'r1' }, $inc: { n: 1 } });
      expect(await append()).toBe(1);
      expect(await append()).toBe(0);
      expect(await store.get(c('things'), 'once')).toEqual({ _id: 'once', seen: ['r1'], n: 1 });
    });

    test('updateWhere over many documents counts each changed one', async () => {
      await store.createMany(c('things'), [
        { _id: 'm1', batch: 'b', done: false },
        { _id: 'm2', batch: 'b', done: true },
        { _id: 'm3', batch: 'b', done: false },
      ]);
      expect(await store.updateWhere(c('things'), { batch: 'b' }, { $set: { done: true } })).toBe(2);
    });

    test.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
      ['$set replaces a nested object whole', { box: { k: 1, v: 'one' } }, { $set: { box: { w: 2 } } }, { box: { w: 2 } }],
      ['$set on a dotted path keeps the siblings', { box: { k: 1, v: 'one' } }, { $set: { 'box.k': 7 } }, { box: { k: 7, v: 'one' } }],
      ['$set an array and a date', {}, { $set: { list: [1, 2], when: new Date('2024-01-01T00:00:00Z') } }, { list: [1, 2], when: new Date('2024-01-01T00:00:00Z') }],
      ['$unset', { a: 1, b: 2 }, { $unset: { a: true } }, { b: 2 }],
      ['$inc, also on a missing field', { n: 1 }, { $inc: { n: 2, fresh: -3 } }, { n: 3, fresh: -3 }],
      ['$push one value (an object)', { legs: [{ a: 1 }] }, { $push: { legs: { a: 2 } } }, { legs: [{ a: 1 }, { a: 2 }] }],
      ['$push $each', { legs: [1] }, { $push: { legs: { $each: [2, 3] } } }, { legs: [1, 2, 3] }],
      ['$push onto a missing field', {}, { $push: { legs: 'x' } }, { legs: ['x'] }],
      ['$addToSet a new value', { ids: ['a'] }, { $addToSet: { ids: 'b' } }, { ids: ['a', 'b'] }],
      ['$pull one value', { ids: ['a', 'b', 'a'] }, { $pull: { ids: 'a' } }, { ids: ['b'] }],
      ['$pull an object', { holds: [{ k: 1 }, { k: 2 }] }, { $pull: { holds: { k: 1 } } }, { holds: [{ k: 2 }] }],
      ['several operators at once', { n: 1, ids: [], s: 'x' }, { $set: { s: 'y' }, $inc: { n: 1 }, $push: { ids: 'p' } }, { n: 2, ids: ['p'], s: 'y' }],
    ])('update operator: %s', async (label, before, update, after) => {
      const id = `u-${label.replace(/\W+/g, '-')}`;
      await store.create(c('things'), { _id: id, ...before });
      expect(await store.updateWhere(c('things'), { _id: id }, update)).toBe(1);
      expect(await store.get(c('things'), id)).toEqual({ _id: id, ...after });
    });

    test('an update that changes nothing answers 0: $unset of a missing field, $inc by 0, $pull of an absent value', async () => {
      await store.create(c('things'), { _id: 'noop', n: 1, ids: ['a'] });
      expect(await store.updateWhere(c('things'), { _id: 'noop' }, { $unset: { nothing: true } })).toBe(0);
      expect(await store.updateWhere(c('things'), { _id: 'noop' }, { $inc: { n: 0 } })).toBe(0);
      expect(await store.updateWhere(c('things'), { _id: 'noop' }, { $pull: { ids: 'z' } })).toBe(0);
      expect(await store.get(c('things'), 'noop')).toEqual({ _id: 'noop', n: 1, ids: ['a'] });
    });

    test('$addToSet of a value already there changes nothing (0)', async () => {
      await store.create(c('things'), { _id: 'ats', ids: ['a'] });
      expect(await store.updateWhere(c('things'), { _id: 'ats' }, { $addToSet: { ids: 'a' } })).toBe(0);
    });
  });

  describe('transactions', () => {
    test('reads, creates and updates apply together at commit; the callback sees its own writes', async () => {
      await store.create(c('counters'), { _id: 'k1', n: 0 });
      const seen = await store.transaction(async (t) => {
        await t.update(c('counters'), 'k1', { $inc: { n: 5 } });
        await t.create(c('counters'), { _id: 'k1-log', n: 5 });
        return (await t.get(c('counters'), 'k1'))?.n;
      });
      expect(seen).toBe(5);
      expect(await store.get(c('counters'), 'k1')).toEqual({ _id: 'k1', n: 5 });
      expect(await store.get(c('counters'), 'k1-log')).toEqual({ _id: 'k1-log', n: 5 });
    });

    test('a missing document reads as null inside a transaction', async () => {
      expect(await store.transaction((t) => t.get(c('counters'), 'nope'))).toBeNull();
    });

    test('a throw rolls every write back and reaches the caller', async () => {
      await store.create(c('counters'), { _id: 'k2', n: 1 });
      await expect(
        store.transaction(async (t) => {
          await t.update(c('counters'), 'k2', { $inc: { n: 1 } });
          await t.create(c('counters'), { _id: 'k2-new', n: 1 });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await store.get(c('counters'), 'k2')).toEqual({ _id: 'k2', n: 1 });
      expect(await store.get(c('counters'), 'k2-new')).toBeNull();
    });

    test('creating an existing _id in a transaction is AppError conflict, and nothing is written', async () => {
      await store.create(c('counters'), { _id: 'k3', n: 1 });
      await store.create(c('counters'), { _id: 'k3-taken', n: 1 });
      await expect(
        store.transaction(async (t) => {
          await t.update(c('counters'), 'k3', { $inc: { n: 1 } });
          await t.create(c('counters'), { _id: 'k3-taken', n: 2 });
        }),
      ).rejects.toMatchObject({ name: 'AppError', code: 'conflict' });
      expect(await store.get(c('counters'), 'k3')).toEqual({ _id: 'k3', n: 1 });
    });

    test('concurrent transactions on one document: none is lost (conflicts re-run), each ends once', async () => {
      await store.create(c('counters'), { _id: 'hot', n: 0 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          store.transaction(async (t) => {
            const cur = (await t.get(c('counters'), 'hot'))!.n as number;
            await t.update(c('counters'), 'hot', { $set: { n: cur + 1 } });
          }),
        ),
      );
      const done = outcomes.filter((o) => o.status === 'fulfilled').length;
      // a conflict that outlasts the retries answers AppError conflict, never anything else
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ name: 'AppError', code: 'conflict' });
      expect(done).toBeGreaterThan(0);
      expect((await store.get(c('counters'), 'hot'))!.n).toBe(done);
    });
  });

  describe('aggregate', () => {
    test('$match + $group ($sum, $push, $addToSet, $first) + $sort + $project', async () => {
      const out = await store.aggregate(c('things'), [
        { $match: { _id: { $in: ['t1', 't2', 't3', 't4'] } } },
        { $sort: { n: 1 } },
        { $group: { _id: '$kind', total: { $sum: '$n' }, count: { $sum: 1 }, ns: { $push: '$n' }, owners: { $addToSet: '$owner' }, first: { $first: '$_id' } } },
        { $sort: { _id: 1 } },
        { $project: { total: 1, count: 1, ns: 1, first: 1, nOwners: { $size: '$owners' } } },
      ]);
      expect(out).toEqual([
        { _id: 'a', total: 6, count: 2, ns: [1, 5], first: 't1', nOwners: 2 },
        { _id: 'b', total: 12, count: 2, ns: [3, 9], first: 't3', nOwners: 1 },
      ]);
    });

    test('$lookup: an array localField against _id, and a scalar against an array foreignField', async () => {
      const out = await store.aggregate(c('things'), [
        { $match: { _id: { $in: ['t1', 't4'] } } },
        { $lookup: { from: c('joined'), localField: 'refs', foreignField: '_id', as: 'byRefs' } },
        { $lookup: { from: c('joined'), localField: '_id', foreignField: 'members', as: 'memberOf' } },
        { $project: { refs: '$byRefs._id', memberOf: '$memberOf._id' } },
        { $sort: { _id: 1 } },
      ]);
      expect(out).toEqual([
        { _id: 't1', refs: [], memberOf: ['j1'] },
        { _id: 't4', refs: ['j1', 'j3'], memberOf: ['j1'] },
      ]);
    });

    test('$lookup with let + pipeline: $expr reads the variable; a let of {} with constant $match', async () => {
      const out = await store.aggregate(c('things'), [
        { $match: { kind: 'a' } },
        { $lookup: { from: c('joined'), let: { o: '$owner' }, pipeline: [{ $match: { $expr: { $eq: ['$owner', '$$o'] } } }, { $project: { _id: 0, label: 1 } }], as: 'mine' } },
        { $lookup: { from: c('joined'), let: {}, pipeline: [{ $match: { _id: { $in: ['j2', 'j3'] } } }, { $count: 'n' }], as: 'counted' } },
        { $project: { mine: 1, counted: 1 } },
        { $sort: { _id: 1 } },
      ]);
      expect(out).toEqual([
        { _id: 't1', mine: [{ label: 'first' }], counted: [{ n: 2 }] },
        { _id: 't2', mine: [{ label: 'second' }], counted: [{ n: 2 }] },
      ]);
    });

    test('$unwind, $addFields with $cond / $ifNull / $in / $arrayElemAt / $concat, $skip and $limit', async () => {
      const out = await store.aggregate(c('things'), [
        { $match: { _id: { $in: ['t1', 't2', 't3'] } } },
        { $addFields: { firstTag: { $ifNull: [{ $arrayElemAt: ['$tags', 0] }, '-'] }, hasY: { $cond: [{ $in: ['y', '$tags'] }, 1, 0] }, label: { $concat: ['$kind', ':', '$_id'] } } },
        { $unwind: '$tags' },
        { $sort: { _id: 1, tags: 1 } },
        { $skip: 1 },
        { $limit: 2 },
        { $project: { _id: 0, tags: 1, firstTag: 1, hasY: 1, label: 1 } },
      ]);
      expect(out).toEqual([
        { tags: 'y', firstTag: 'x', hasY: 1, label: 'a:t1' },
        { tags: 'y', firstTag: 'y', hasY: 1, label: 'a:t2' },
      ]);
    });

    test('without a $limit the port answers more than CloudBase’s bare 20 (the SDK store asks for up to 1000)', async () => {
      await store.createMany(c('counters'), Array.from({ length: 30 }, (_x, i) => ({ _id: `bulk${i}`, bulk: true })));
      expect(await store.aggregate(c('counters'), [{ $match: { bulk: true } }])).toHaveLength(30);
    });
  });
});
