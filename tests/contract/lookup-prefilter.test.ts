/**
 * $lookup in its two forms (localField/foreignField, either side an array; let + pipeline with $expr) as
 * the functions use it. Each pipeline runs through the SDK against the contract target, and again in mingo
 * over the same documents held in memory: on the emulator this pins that its SQL pre-filter (which reads the
 * joined collection by index when the join allows) answers EXACTLY what a full scan gives; on CloudBase
 * (CUNQUN_CONTRACT_ENV) it shows where mingo — the engine of the emulator and of the unit tests — differs
 * from CloudBase's MongoDB.
 */
import { Aggregator } from 'mingo';
import { EJSON } from '../../emulator/ejson';
import { emulatorOnlySuite, openContractTarget, type ContractTarget } from './target';

let target: ContractTarget;

const orders = [
  { _id: 'o1', shop: 's1', tags: ['a', 'b'], code: 'x1', n: 1, owner: 'h1' },
  { _id: 'o2', shop: 's2', tags: [], code: 'x2', n: 2, owner: null },
  { _id: 'o3', shop: 's9', tags: ['c'], n: 3, owner: 'h2' },
  { _id: 'o4', shop: 's1', tags: ['b', 'z'], code: 'x4', n: 1, owner: 'h3' },
  { _id: 'o5', tags: ['a'], code: 'x5', n: true, owner: 'h1' },
];
const shops = [
  { _id: 's1', village: 'v1', kind: 'shop', holder: 'h1', codes: ['x1', 'x9'], flag: 1, since: new Date('2024-01-01T00:00:00Z') },
  { _id: 's2', village: 'v1', kind: 'shop', holder: 'h2', codes: 'x2', flag: true },
  { _id: 's3', village: 'v2', kind: 'stall', holder: 'h1', codes: [], flag: 0 },
  { _id: 's4', village: 'v1', kind: 'stall', holder: null, codes: ['x4', 'x5'] },
  { _id: 's5', village: 'v1', kind: 'shop', codes: [['x1']], label: 'a' },
  { _id: 's6', village: 'v1', kind: 'shop', holder: 'h3', tag: 'b', label: ['b', 'c'] },
  { _id: 7, village: 'v3', kind: 'shop', holder: 'h2', tag: 'z' },
];

beforeAll(async () => {
  target = await openContractTarget([
    { name: 'orders', indexes: [] },
    // village/kind/holder indexed; codes indexed but multikey (arrays); tag/label not indexed
    { name: 'shops', indexes: [{ name: 'village_kind', keys: { village: 1, kind: 1 } }, { name: 'holder', keys: { holder: 1 } }, { name: 'codes', keys: { codes: 1 } }] },
  ]);
  await target.db.collection(target.name('orders')).add({ data: orders });
  await target.db.collection(target.name('shops')).add({ data: shops });
});

afterAll(() => target.close());

/** the suite's names for the collections → the target's (prefixed on CloudBase) */
function onTarget(value: unknown): any {
  if (Array.isArray(value)) return value.map(onTarget);
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'from' && typeof v === 'string' ? target.name(v) : onTarget(v)]));
}

/** through the SDK's aggregate builder, one call per stage, as a function would build it */
async function viaTarget(pipeline: object[]): Promise<unknown[]> {
  let agg = target.db.collection(target.name('orders')).aggregate();
  for (const stage of onTarget(pipeline) as Record<string, unknown>[]) {
    const [name] = Object.keys(stage);
    agg = agg[name.slice(1)](stage[name]);
  }
  const res = await agg.end();
  return res.list;
}

function viaFullScan(pipeline: object[]): unknown[] {
  const all = (name: string) => structuredClone(name === 'orders' ? orders : name === 'shops' ? shops : []);
  return new Aggregator([...pipeline, { $limit: 100 }] as Record<string, any>[], { collectionResolver: all } as any).run(all('orders'));
}

const cases: Record<string, object[]> = {
  'localField → _id': [{ $lookup: { from: 'shops', localField: 'shop', foreignField: '_id', as: 'j' } }],
  'localField → indexed field': [{ $lookup: { from: 'shops', localField: 'owner', foreignField: 'holder', as: 'j' } }],
  'localField with nulls/missing (falls back to a full scan)': [{ $lookup: { from: 'shops', localField: 'shop', foreignField: 'tag', as: 'j' } }],
  'array localField → non-indexed field': [{ $match: { _id: { $in: ['o1', 'o4'] } } }, { $lookup: { from: 'shops', localField: 'tags', foreignField: 'tag', as: 'j' } }],
  'array localField → non-indexed array field': [{ $match: { n: { $gte: 1 } } }, { $lookup: { from: 'shops', localField: 'tags', foreignField: 'label', as: 'j' } }],
  'localField → multikey field': [{ $match: { code: { $exists: true } } }, { $lookup: { from: 'shops', localField: 'code', foreignField: 'codes', as: 'j' } }],
  'empty array localField only': [{ $match: { _id: 'o2' } }, { $lookup: { from: 'shops', localField: 'tags', foreignField: 'tag', as: 'j' } }],
  'numeric and boolean local values': [{ $lookup: { from: 'shops', localField: 'n', foreignField: 'flag', as: 'j' } }],
  'no input documents': [{ $match: { _id: 'none' } }, { $lookup: { from: 'shops', localField: 'shop', foreignField: '_id', as: 'j' } }],
  'pipeline with constant $match on _id': [{ $lookup: { from: 'shops', let: {}, pipeline: [{ $match: { _id: { $in: ['s1', 's3', 7] } } }], as: 'j' } }],
  'pipeline with constant $match on indexed fields + $project': [
    { $lookup: { from: 'shops', let: {}, pipeline: [{ $match: { village: 'v1', kind: 'shop' } }, { $project: { holder: 1 } }], as: 'j' } },
  ],
  'let + $expr $eq on an indexed field': [
    { $lookup: { from: 'shops', let: { o: '$owner' }, pipeline: [{ $match: { $expr: { $eq: ['$holder', '$$o'] } } }], as: 'j' } },
  ],
  'let + $expr $eq, variable first, only documents with a value': [
    { $match: { owner: { $exists: true, $ne: null } } },
    { $lookup: { from: 'shops', let: { o: '$owner' }, pipeline: [{ $match: { $expr: { $eq: ['$$o', '$holder'] } } }], as: 'j' } },
  ],
  'let + $expr $and of $eq and a constant, plus plain fields': [
    {
      $lookup: {
        from: 'shops',
        let: { s: '$shop', o: '$owner' },
        pipeline: [{ $match: { village: 'v1', $expr: { $and: [{ $eq: ['$_id', '$$s'] }, { $eq: ['$holder', '$$o'] }] } } }, { $count: 'c' }],
        as: 'j',
      },
    },
  ],
  'let + $expr $in over an array variable (non-indexed field)': [
    { $lookup: { from: 'shops', let: { t: '$tags' }, pipeline: [{ $match: { $expr: { $in: ['$tag', '$$t'] } } }], as: 'j' } },
  ],
  'let + $expr $in where every array is empty': [
    { $match: { _id: 'o2' } },
    { $lookup: { from: 'shops', let: { t: '$tags' }, pipeline: [{ $match: { $expr: { $in: ['$tag', '$$t'] } } }, { $count: 'c' }], as: 'j' } },
  ],
  'let + $expr $eq on a multikey field': [
    { $match: { code: { $exists: true } } },
    { $lookup: { from: 'shops', let: { c: '$code' }, pipeline: [{ $match: { $expr: { $eq: ['$codes', '$$c'] } } }], as: 'j' } },
  ],
  'let variable computed by an expression': [
    { $lookup: { from: 'shops', let: { s: { $ifNull: ['$shop', { $concat: ['s', '3'] }] } }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$s'] } } }], as: 'j' } },
  ],
  'both forms at once (mingo semantics kept)': [
    { $lookup: { from: 'shops', localField: 'owner', foreignField: 'holder', let: {}, pipeline: [{ $match: { kind: 'shop' } }], as: 'j' } },
  ],
  'a lookup nested in the pipeline reads the same collection whole': [
    {
      $lookup: {
        from: 'shops',
        let: { o: '$owner' },
        pipeline: [{ $match: { $expr: { $eq: ['$holder', '$$o'] } } }, { $lookup: { from: 'shops', localField: 'village', foreignField: 'village', as: 'same' } }, { $project: { n: { $size: '$same' } } }],
        as: 'j',
      },
    },
  ],
  'two lookups in a row, the second keyed by the first': [
    { $match: { _id: { $in: ['o1', 'o2', 'o3'] } } },
    { $lookup: { from: 'shops', localField: 'shop', foreignField: '_id', as: 'j' } },
    { $lookup: { from: 'orders', localField: 'j.holder', foreignField: 'owner', as: 'k' } },
    { $project: { j: 1, k: '$k._id' } },
  ],
  'lookup after $group and $sort': [
    { $group: { _id: '$owner', n: { $sum: 1 } } },
    { $sort: { _id: 1 } },
    { $lookup: { from: 'shops', localField: '_id', foreignField: 'holder', as: 'j' } },
  ],
};

describe('$lookup on the target and in mingo over the same documents', () => {
  test.each(Object.entries(cases))('%s', async (_name, pipeline) => {
    const expected = viaFullScan(pipeline);
    expect(await viaTarget([...pipeline, { $limit: 100 }])).toEqual(EJSON.parse(EJSON.stringify(expected, { relaxed: true }), { relaxed: true }));
  });

  test('the cases cover documents that do and do not join', async () => {
    const list = (await viaTarget([{ $lookup: { from: 'shops', localField: 'shop', foreignField: '_id', as: 'j' } }, { $limit: 100 }])) as { j: unknown[] }[];
    expect(list.some((d) => d.j.length > 0)).toBe(true);
    expect(list.some((d) => d.j.length === 0)).toBe(true);
  });
});

emulatorOnlySuite('reads the SQLite plans')('how the joined collection is read', () => {
  test('an indexed foreign field uses its index', () => {
    expect(target.emulator!.store.explain('shops', { holder: { $in: ['h1', 'h2'] } }, { scan: true }).plan.join(' ')).toMatch(/USING INDEX/);
  });

  test('_id uses the primary key', () => {
    expect(target.emulator!.store.explain('shops', { _id: { $in: ['s1'] } }, { scan: true }).plan.join(' ')).toMatch(/PRIMARY KEY|sqlite_autoindex/);
  });

  test('a non-indexed or multikey field is filtered inside SQLite while it scans', () => {
    expect(target.emulator!.store.explain('shops', { tag: { $in: ['b'] } }, { scan: true }).sql).toMatch(/json_tree/);
    expect(target.emulator!.store.explain('shops', { codes: 'x1' }, { scan: true }).sql).toMatch(/json_tree/);
  });

  test('ordinary queries keep their plans (no scan clauses without the option)', () => {
    expect(target.emulator!.store.explain('shops', { tag: 'b' }).sql).not.toMatch(/json_tree|tag/);
  });
});
