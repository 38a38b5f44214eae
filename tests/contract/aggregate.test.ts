/**
 * aggregate() through the real SDK against the contract target: the stages and expressions the functions
 * use, and CloudBase's default of 20 records when the pipeline has no limit stage. On the emulator also:
 * stages and expressions CloudBase has but the functions do not use are refused.
 */
import { postWire } from '../support/emulator';
import { emulatorOnlyTest, openContractTarget, type ContractTarget } from './target';

let target: ContractTarget;
let db: any;
let $: any;
const col = (name: string) => db.collection(target.name(name));

const tickets = [
  { _id: 't1', grid: 'g1', cat: 'road', points: 3, tags: ['urgent', 'road'], at: new Date('2024-05-01T00:00:00Z') },
  { _id: 't2', grid: 'g1', cat: 'water', points: 5, tags: ['water'], at: new Date('2024-05-02T00:00:00Z') },
  { _id: 't3', grid: 'g2', cat: 'road', points: 1, tags: ['road'], at: new Date('2024-05-03T00:00:00Z') },
  { _id: 't4', grid: 'g2', cat: 'road', points: 7, tags: ['urgent'], at: new Date('2024-05-04T00:00:00Z') },
  { _id: 't5', grid: 'g3', cat: 'safety', points: 2, tags: [], at: new Date('2024-05-05T00:00:00Z') },
];
const grids = [
  { _id: 'g1', name: '一组' },
  { _id: 'g2', name: '二组' },
];

beforeAll(async () => {
  target = await openContractTarget([{ name: 'tickets', indexes: [{ name: 'grid', keys: { grid: 1 } }] }, { name: 'grids', indexes: [] }, { name: 'bulk', indexes: [] }]);
  db = target.db;
  $ = db.command.aggregate;
  await col('tickets').add({ data: tickets });
  await col('grids').add({ data: grids });
  await col('bulk').add({ data: Array.from({ length: 30 }, (_x, i) => ({ i })) });
});

afterAll(() => target.close());

test('match + group with sum/push/addToSet/first + sort', async () => {
  const { list } = await db
    .collection('tickets')
    .aggregate()
    .match({ cat: 'road' })
    .sort({ at: 1 })
    .group({
      _id: '$grid',
      total: $.sum('$points'),
      ids: $.push('$_id'),
      cats: $.addToSet('$cat'),
      first: $.first('$_id'),
      n: $.sum(1),
    })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 'g1', total: 3, ids: ['t1'], cats: ['road'], first: 't1', n: 1 },
    { _id: 'g2', total: 8, ids: ['t3', 't4'], cats: ['road'], first: 't3', n: 2 },
  ]);
});

test('project + addFields + skip + limit', async () => {
  const { list } = await db
    .collection('tickets')
    .aggregate()
    .sort({ points: -1 })
    .skip(1)
    .limit(2)
    .project({ _id: 0, grid: 1, points: 1 })
    .addFields({ less: $.subtract(['$points', 1]), half: $.floor($.divide(['$points', 2])) })
    .end();
  expect(list).toEqual([
    { grid: 'g1', points: 5, less: 4, half: 2 },
    { grid: 'g1', points: 3, less: 2, half: 1 },
  ]);
});

test('unwind + group + sort on two keys', async () => {
  const { list } = await col('tickets').aggregate().unwind('$tags').group({ _id: '$tags', count: $.sum(1) }).sort({ count: -1, _id: 1 }).end();
  expect(list).toEqual([
    { _id: 'road', count: 2 },
    { _id: 'urgent', count: 2 },
    { _id: 'water', count: 1 },
  ]);
});

test('expressions the functions use: cond, ifNull, comparisons, and, size, filter, arrayElemAt, concat, literal', async () => {
  const { list } = await col('tickets')
    .aggregate()
    .match({ _id: db.command.in(['t1', 't5']) })
    .project({
      big: $.cond([$.and([$.gte(['$points', 3]), $.lt(['$points', 10])]), 'yes', 'no']),
      same: $.eq(['$grid', 'g1']),
      more: $.gt(['$points', 2]),
      missing: $.ifNull(['$nothing', 'none']),
      nTags: $.size('$tags'),
      urgent: $.size($.filter({ input: '$tags', as: 't', cond: $.eq(['$$t', 'urgent']) })),
      firstTag: $.arrayElemAt(['$tags', 0]),
      label: $.concat(['$grid', ':', '$cat']),
      raw: $.literal({ $notAnOperator: 1 }),
    })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 't1', big: 'yes', same: true, more: true, missing: 'none', nTags: 2, urgent: 1, firstTag: 'urgent', label: 'g1:road', raw: { $notAnOperator: 1 } },
    { _id: 't5', big: 'no', same: false, more: false, missing: 'none', nTags: 0, urgent: 0, label: 'g3:safety', raw: { $notAnOperator: 1 } },
  ]);
});

test('lookup with let + pipeline and $expr reading the let variable', async () => {
  const { list } = await col('tickets')
    .aggregate()
    .match({ _id: db.command.in(['t1', 't3']) })
    .lookup({ from: target.name('grids'), let: { g: '$grid' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$g'] } } }, { $project: { _id: 0, name: 1 } }], as: 'gridDocs' })
    .project({ gridDocs: 1 })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 't1', gridDocs: [{ name: '一组' }] },
    { _id: 't3', gridDocs: [{ name: '二组' }] },
  ]);
});

// CloudBase has these, but no function uses them: the emulator refuses them (wire/operators.ts)
const notOnTheTable: Array<[string, () => any]> = [
  ['accumulator avg', () => col('tickets').aggregate().group({ _id: '$grid', x: $.avg('$points') })],
  ['accumulator min', () => col('tickets').aggregate().group({ _id: '$grid', x: $.min('$points') })],
  ['accumulator max', () => col('tickets').aggregate().group({ _id: '$grid', x: $.max('$points') })],
  ['accumulator last', () => col('tickets').aggregate().group({ _id: '$grid', x: $.last('$points') })],
  ['expression multiply', () => col('tickets').aggregate().project({ x: $.multiply(['$points', 2]) })],
  ['stage sortByCount', () => col('tickets').aggregate().sortByCount('$cat')],
  ['stage sample', () => col('tickets').aggregate().sample({ size: 1 })],
  ['stage replaceRoot', () => col('tickets').aggregate().replaceRoot({ newRoot: '$tags' })],
  ['query regex in match', () => col('tickets').aggregate().match({ cat: /^ro/ })],
  ['lookup pipeline with a stage off the table', () => col('tickets').aggregate().lookup({ from: target.name('grids'), let: {}, pipeline: [{ $sample: { size: 1 } }], as: 'x' })],
];
emulatorOnlyTest('the emulator refuses what is not on the operator table').each(notOnTheTable)('%s is refused', async (_name, build) => {
  const err = await build().end().catch((e: any) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err.errMsg ?? err.message).toMatch(/不支持的(聚合阶段|聚合操作符|查询操作符)/);
});

test('count', async () => {
  const { list } = await col('tickets').aggregate().match({ points: db.command.gte(3) }).count('n').end();
  expect(list).toEqual([{ n: 3 }]);
});

test('lookup joins another collection', async () => {
  const { list } = await db
    .collection('tickets')
    .aggregate()
    .match({ _id: db.command.in(['t1', 't5']) })
    .lookup({ from: target.name('grids'), localField: 'grid', foreignField: '_id', as: 'gridDocs' })
    .project({ gridDocs: 1 })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 't1', gridDocs: [{ _id: 'g1', name: '一组' }] },
    { _id: 't5', gridDocs: [] },
  ]);
});

test('dates survive the pipeline', async () => {
  const { list } = await col('tickets').aggregate().match({ at: db.command.gte(new Date('2024-05-04T00:00:00Z')) }).project({ at: 1 }).sort({ at: 1 }).end();
  expect(list.map((d: any) => d.at)).toEqual([new Date('2024-05-04T00:00:00Z'), new Date('2024-05-05T00:00:00Z')]);
});

test('without a limit stage CloudBase answers at most 20 records; with one, what it asks', async () => {
  expect((await col('bulk').aggregate().match({}).end()).list).toHaveLength(20);
  expect((await col('bulk').aggregate().match({}).limit(25).end()).list).toHaveLength(25);
});

emulatorOnlyTest('posts a raw wire request')('a stage CloudBase does not run ($out) is refused on the wire', async () => {
  const res = await postWire(target.emulator!, { action: 'database.aggregateDocuments', collectionName: 'tickets', stages: [{ stageKey: '$out', stageValue: '"x"' }] });
  expect(res.code).toBe('DATABASE_INVALID_OPERRATOR');
});

test('a bad stage value is answered as an error, not a crash', async () => {
  const err = await col('tickets').aggregate().group({ total: $.sum('$points') }).end().catch((e: any) => e);
  // wx-server-sdk 4.0.2 passes aggregate errors through without mapping the code (errCode -1)
  expect(err).toBeInstanceOf(Error);
  expect(err.errMsg).toMatch(/^collection\.aggregate:fail .*_id/);
});
