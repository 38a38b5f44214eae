/**
 * aggregate() through the real SDK: the common stages, evaluated by mingo, and CloudBase's default of
 * 20 records when the pipeline has no limit stage.
 */
import { startTestEmulator, sdkFor, postWire } from '../support/emulator';
import type { Emulator } from '../../emulator';

let emu: Emulator;
let db: any;
let $: any;

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
  emu = await startTestEmulator({
    functionsDir: null,
    collections: [{ name: 'tickets', indexes: [{ name: 'grid', keys: { grid: 1 } }] }, { name: 'grids', indexes: [] }, { name: 'bulk', indexes: [] }],
  });
  db = sdkFor(emu).database();
  $ = db.command.aggregate;
  await db.collection('tickets').add({ data: tickets });
  await db.collection('grids').add({ data: grids });
  await db.collection('bulk').add({ data: Array.from({ length: 30 }, (_x, i) => ({ i })) });
});

afterAll(() => emu.close());

test('match + group with sum/avg/min/max/push/addToSet/first/last + sort', async () => {
  const { list } = await db
    .collection('tickets')
    .aggregate()
    .match({ cat: 'road' })
    .sort({ at: 1 })
    .group({
      _id: '$grid',
      total: $.sum('$points'),
      avg: $.avg('$points'),
      min: $.min('$points'),
      max: $.max('$points'),
      ids: $.push('$_id'),
      cats: $.addToSet('$cat'),
      first: $.first('$_id'),
      last: $.last('$_id'),
      n: $.sum(1),
    })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 'g1', total: 3, avg: 3, min: 3, max: 3, ids: ['t1'], cats: ['road'], first: 't1', last: 't1', n: 1 },
    { _id: 'g2', total: 8, avg: 4, min: 1, max: 7, ids: ['t3', 't4'], cats: ['road'], first: 't3', last: 't4', n: 2 },
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
    .addFields({ double: $.multiply(['$points', 2]) })
    .end();
  expect(list).toEqual([
    { grid: 'g1', points: 5, double: 10 },
    { grid: 'g1', points: 3, double: 6 },
  ]);
});

test('unwind + sortByCount', async () => {
  const { list } = await db.collection('tickets').aggregate().unwind('$tags').sortByCount('$tags').end();
  expect(list).toHaveLength(3);
  expect(list.slice(0, 2).map((x: any) => x._id).sort()).toEqual(['road', 'urgent']);
  expect(list.map((x: any) => x.count)).toEqual([2, 2, 1]);
  expect(list[2]).toEqual({ _id: 'water', count: 1 });
});

test('count', async () => {
  const { list } = await db.collection('tickets').aggregate().match({ points: db.command.gte(3) }).count('n').end();
  expect(list).toEqual([{ n: 3 }]);
});

test('lookup joins another collection', async () => {
  const { list } = await db
    .collection('tickets')
    .aggregate()
    .match({ _id: db.command.in(['t1', 't5']) })
    .lookup({ from: 'grids', localField: 'grid', foreignField: '_id', as: 'gridDocs' })
    .project({ gridDocs: 1 })
    .sort({ _id: 1 })
    .end();
  expect(list).toEqual([
    { _id: 't1', gridDocs: [{ _id: 'g1', name: '一组' }] },
    { _id: 't5', gridDocs: [] },
  ]);
});

test('dates survive the pipeline', async () => {
  const { list } = await db.collection('tickets').aggregate().match({ at: db.command.gte(new Date('2024-05-04T00:00:00Z')) }).project({ at: 1 }).sort({ at: 1 }).end();
  expect(list.map((d: any) => d.at)).toEqual([new Date('2024-05-04T00:00:00Z'), new Date('2024-05-05T00:00:00Z')]);
});

test('without a limit stage CloudBase answers at most 20 records; with one, what it asks', async () => {
  expect((await db.collection('bulk').aggregate().match({}).end()).list).toHaveLength(20);
  expect((await db.collection('bulk').aggregate().match({}).limit(25).end()).list).toHaveLength(25);
});

test('a stage CloudBase does not run ($out) is refused on the wire', async () => {
  const res = await postWire(emu, { action: 'database.aggregateDocuments', collectionName: 'tickets', stages: [{ stageKey: '$out', stageValue: '"x"' }] });
  expect(res.code).toBe('DATABASE_INVALID_OPERRATOR');
});

test('a bad stage value is answered as an error, not a crash', async () => {
  const err = await db.collection('tickets').aggregate().group({ total: $.sum('$points') }).end().catch((e: any) => e);
  // wx-server-sdk 4.0.2 passes aggregate errors through without mapping the code (errCode -1)
  expect(err).toBeInstanceOf(Error);
  expect(err.errMsg).toMatch(/^collection\.aggregate:fail .*_id/);
});
