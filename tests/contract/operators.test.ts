/**
 * The operator table (emulator/wire/operators.ts, and docs/ARCHITECTURE.md "Database operators we rely on"):
 * every operator in server/ is on it, the document and the emulator's list are the same table, the
 * emulator accepts each listed operator in its place, and refuses what is not listed as CloudBase refuses
 * an operator it does not know (DATABASE_INVALID_OPERRATOR).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../emulator';
import { EXPRESSION_OPERATORS, PIPELINE_STAGES, PUSH_MODIFIERS, QUERY_OPERATORS, UPDATE_OPERATORS } from '../../emulator/wire/operators';
import { postWire, REPO_ROOT, startTestEmulator } from '../support/emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('checks the emulator’s own operator list');

const TABLES: [kind: string, table: Readonly<Record<string, string>>][] = [
  ['query', QUERY_OPERATORS],
  ['update', UPDATE_OPERATORS],
  ['update modifier', PUSH_MODIFIERS],
  ['stage', PIPELINE_STAGES],
  ['expression', EXPRESSION_OPERATORS],
];

/** `$name:` in key position, in every server file except the two store adapters (they translate, not use) */
function operatorsInServer(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !/kernel[/\\](sdk-|memory-)?store\.ts$/.test(path)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/[{(\[,]\s*'?(\$[a-zA-Z]+)'?\s*:/g)) found.set(m[1], [...(found.get(m[1]) ?? []), path.slice(REPO_ROOT.length + 1)]);
      }
    }
  };
  walk(join(REPO_ROOT, 'server'));
  return found;
}

describe('the table', () => {
  test('every operator the server code writes is on it', () => {
    const listed = new Set(TABLES.flatMap(([, t]) => Object.keys(t)));
    const used = operatorsInServer();
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used.keys()].filter((op) => !listed.has(op)).map((op) => `${op} (${[...new Set(used.get(op))].join(', ')})`);
    expect(missing).toEqual([]);
  });

  test('docs/ARCHITECTURE.md shows the same rows, each with its CloudBase page', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Database operators we rely on'));
    expect(section.length).toBeGreaterThan(0);
    const rows = [...section.matchAll(/^\| `(\$[a-zA-Z]+)` \| ([a-z ]+) \| [^|]* \| \[[^\]]+\]\((https:\/\/[^)]+)\) \|$/gm)].map((m) => `${m[2]} ${m[1]} ${m[3]}`);
    const expected = TABLES.flatMap(([kind, t]) => Object.entries(t).map(([op, url]) => `${kind} ${op} ${url}`));
    expect(rows.sort()).toEqual(expected.sort());
  });
});

describe('the emulator keeps to it', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ functionsDir: null, collections: [{ name: 'c', indexes: [] }] });
    await postWire(emu, { action: 'database.insertDocument', collectionName: 'c', data: [JSON.stringify({ _id: 'd', a: 1, n: 2, l: [1, 2] })] });
  });
  afterAll(() => emu.close());

  const where = (query: object) => postWire(emu, { action: 'database.getDocument', collectionName: 'c', queryType: 'WHERE', query: JSON.stringify(query) });
  const update = (data: object) => postWire(emu, { action: 'database.modifyDocument', collectionName: 'c', queryType: 'DOC', query: JSON.stringify({ _id: 'd' }), data: JSON.stringify(data), multi: false });
  const aggregate = (stages: object[]) =>
    postWire(emu, {
      action: 'database.aggregateDocuments',
      collectionName: 'c',
      stages: stages.map((s) => {
        const [stageKey] = Object.keys(s);
        return { stageKey, stageValue: JSON.stringify((s as Record<string, unknown>)[stageKey]) };
      }),
    });

  // one small use of each listed operator
  const queries: Record<string, object> = {
    $ne: { a: { $ne: 2 } },
    $gt: { a: { $gt: 0 } },
    $gte: { a: { $gte: 1 } },
    $lt: { a: { $lt: 2 } },
    $lte: { a: { $lte: 1 } },
    $in: { a: { $in: [1] } },
    $nin: { a: { $nin: [2] } },
    $exists: { a: { $exists: true } },
    $and: { $and: [{ a: 1 }] },
    $or: { $or: [{ a: 1 }, { a: 3 }] },
    $expr: { $expr: { $eq: ['$a', 1] } },
  };
  const updates: Record<string, object> = {
    $set: { $set: { s: 1 } },
    $unset: { $unset: { s: '' } },
    $inc: { $inc: { n: 1 } },
    $push: { $push: { l: 3 } },
    $addToSet: { $addToSet: { l: 9 } },
    $pull: { $pull: { l: 9 } },
  };
  const modifiers: Record<string, object> = { $each: { $push: { l: { $each: [4, 5] } } } };
  const stages: Record<string, object> = {
    $match: { $match: { a: 1 } },
    $project: { $project: { a: 1 } },
    $addFields: { $addFields: { b: 1 } },
    $group: { $group: { _id: '$a' } },
    $sort: { $sort: { a: 1 } },
    $skip: { $skip: 1 },
    $limit: { $limit: 1 },
    $unwind: { $unwind: '$l' },
    $count: { $count: 'n' },
    $lookup: { $lookup: { from: 'c', localField: 'a', foreignField: 'a', as: 'j' } },
  };
  const expressions: Record<string, object> = {
    $eq: { $project: { x: { $eq: ['$a', 1] } } },
    $gt: { $project: { x: { $gt: ['$a', 0] } } },
    $gte: { $project: { x: { $gte: ['$a', 1] } } },
    $lt: { $project: { x: { $lt: ['$a', 2] } } },
    $and: { $project: { x: { $and: [true, { $eq: ['$a', 1] }] } } },
    $in: { $project: { x: { $in: [1, '$l'] } } },
    $cond: { $project: { x: { $cond: [true, 1, 0] } } },
    $ifNull: { $project: { x: { $ifNull: ['$none', 0] } } },
    $subtract: { $project: { x: { $subtract: ['$n', 1] } } },
    $divide: { $project: { x: { $divide: ['$n', 2] } } },
    $floor: { $project: { x: { $floor: '$n' } } },
    $size: { $project: { x: { $size: '$l' } } },
    $filter: { $project: { x: { $filter: { input: '$l', as: 'v', cond: { $gt: ['$$v', 1] } } } } },
    $arrayElemAt: { $project: { x: { $arrayElemAt: ['$l', 0] } } },
    $concat: { $project: { x: { $concat: ['a', 'b'] } } },
    $literal: { $project: { x: { $literal: { $anything: 1 } } } },
    $sum: { $group: { _id: null, x: { $sum: '$n' } } },
    $first: { $group: { _id: null, x: { $first: '$n' } } },
    $push: { $group: { _id: null, x: { $push: '$n' } } },
    $addToSet: { $group: { _id: null, x: { $addToSet: '$n' } } },
  };

  test('the examples cover every listed operator', () => {
    expect(Object.keys(queries).sort()).toEqual(Object.keys(QUERY_OPERATORS).sort());
    expect(Object.keys(updates).sort()).toEqual(Object.keys(UPDATE_OPERATORS).sort());
    expect(Object.keys(modifiers).sort()).toEqual(Object.keys(PUSH_MODIFIERS).sort());
    expect(Object.keys(stages).sort()).toEqual(Object.keys(PIPELINE_STAGES).sort());
    expect(Object.keys(expressions).sort()).toEqual(Object.keys(EXPRESSION_OPERATORS).sort());
  });

  test.each(Object.entries(queries))('query %s is accepted (in where() and in $match)', async (_op, query) => {
    const res = await where(query);
    expect(res.code).toBeUndefined();
    expect(res.data.list).toHaveLength(1);
    expect((await aggregate([{ $match: query }])).code).toBeUndefined();
  });

  test.each(Object.entries({ ...updates, ...modifiers }))('update %s is accepted', async (_op, data) => {
    const res = await update(data);
    expect(res.code).toBeUndefined();
    expect(res.data.updated).toBe(1);
  });

  test.each(Object.entries(stages))('stage %s is accepted', async (_op, stage) => {
    expect((await aggregate([stage])).code).toBeUndefined();
  });

  test.each(Object.entries(expressions))('expression %s is accepted', async (_op, stage) => {
    expect((await aggregate([stage])).code).toBeUndefined();
  });

  test('a $lookup pipeline is checked stage by stage, its let as expressions', async () => {
    const lookup = (pipeline: object[], vars: object = {}) => aggregate([{ $lookup: { from: 'c', let: vars, pipeline, as: 'j' } }]);
    expect((await lookup([{ $match: { $expr: { $eq: ['$a', '$$v'] } } }, { $count: 'n' }], { v: '$a' })).code).toBeUndefined();
    expect((await lookup([{ $sample: { size: 1 } }])).code).toBe('DATABASE_INVALID_OPERRATOR');
    expect((await lookup([], { v: { $toUpper: '$a' } })).code).toBe('DATABASE_INVALID_OPERRATOR');
  });

  test.each<[string, () => Promise<any>]>([
    ['query $regex (also as a RegExp value)', () => where({ a: { $regex: '^1' } })],
    ['query $where', () => where({ $where: 'true' })],
    ['query $elemMatch', () => where({ l: { $elemMatch: { $gt: 1 } } })],
    ['query $eq (equality is a plain value)', () => where({ a: { $eq: 1 } })],
    ['query $size', () => where({ l: { $size: 2 } })],
    ['update $mul', () => update({ $mul: { n: 2 } })],
    ['update $rename', () => update({ $rename: { n: 'm' } })],
    ['update $pop', () => update({ $pop: { l: 1 } })],
    ['update $push with $position', () => update({ $push: { l: { $each: [0], $position: 0 } } })],
    ['update $addToSet with $each', () => update({ $addToSet: { l: { $each: [7] } } })],
    ['stage $facet', () => aggregate([{ $facet: { a: [{ $match: {} }] } }])],
    ['stage $sample', () => aggregate([{ $sample: { size: 1 } }])],
    ['stage $out', () => aggregate([{ $out: 'x' }])],
    ['expression $multiply', () => aggregate([{ $project: { x: { $multiply: ['$n', 2] } } }])],
    ['accumulator $avg', () => aggregate([{ $group: { _id: null, x: { $avg: '$n' } } }])],
    ['expression $toString in $expr', () => where({ $expr: { $eq: [{ $toString: '$a' }, '1'] } })],
  ])('%s is refused, with its name in the message', async (_label, send) => {
    const res = await send();
    expect(res.code).toBe('DATABASE_INVALID_OPERRATOR');
    expect(res.message).toMatch(/不支持的/);
  });

  test('a refused update leaves the document as it was', async () => {
    const before = (await where({ _id: 'd' })).data.list[0];
    expect((await update({ $set: { s: 2 }, $mul: { n: 2 } })).code).toBe('DATABASE_INVALID_OPERRATOR');
    expect((await where({ _id: 'd' })).data.list[0]).toEqual(before);
  });
});
