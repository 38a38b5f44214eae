/**
 * Writes through the real wx-server-sdk against the contract target (the emulator, or CloudBase with
 * CUNQUN_CONTRACT_ENV): add (auto _id, duplicate _id refused), set, update with every update operator the
 * functions use, remove, where().update()/remove() on many documents, and CloudBase's "updated" counting
 * only documents that actually changed. On the emulator also: serverDate from the emulator clock, unique
 * indexes, and the update operators CloudBase has but the functions do not use are refused.
 */
import { emulatorOnlyTest, openContractTarget, type ContractTarget } from './target';

let target: ContractTarget;
let db: any;
let _: any;
const col = (name: string) => db.collection(target.name(name));

beforeAll(async () => {
  target = await openContractTarget([{ name: 'docs', indexes: [{ name: 'kind', keys: { kind: 1 } }] }, { name: 'uniq', indexes: [{ name: 'code', keys: { code: 1 }, unique: true }] }]);
  db = target.db;
  _ = db.command;
});

afterAll(() => target.close());

const get = async (id: string) => (await col('docs').doc(id).get()).data;

describe('add', () => {
  test('add without _id gets a 32-hex id; the document reads back', async () => {
    const res = await col('docs').add({ data: { kind: 'auto', n: 1 } });
    expect(res._id).toMatch(/^[0-9a-f]{32}$/);
    expect(await get(res._id)).toEqual({ _id: res._id, kind: 'auto', n: 1 });
  });

  test('adding a duplicate _id is refused (-502001, E11000) and leaves the first document', async () => {
    await col('docs').add({ data: { _id: 'dup', v: 1 } });
    const err = await col('docs').add({ data: { _id: 'dup', v: 2 } }).catch((e: any) => e);
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/E11000 duplicate key/);
    expect(await get('dup')).toEqual({ _id: 'dup', v: 1 });
  });

  emulatorOnlyTest('CloudBase inserts a batch in order up to the first duplicate; the emulator refuses it whole')('adding many at once answers their ids; one duplicate refuses the whole request', async () => {
    const res = await col('docs').add({ data: [{ _id: 'b1' }, { _id: 'b2' }] });
    expect(res._ids).toEqual(['b1', 'b2']);
    await expect(col('docs').add({ data: [{ _id: 'b3' }, { _id: 'b1' }] })).rejects.toMatchObject({ errCode: -502001 });
    await expect(col('docs').doc('b3').get()).rejects.toBeDefined();
  });

  emulatorOnlyTest('needs a unique index (on CloudBase made in the console)')('a unique index refuses a second document with the same key', async () => {
    await col('uniq').add({ data: { code: 'A' } });
    await expect(col('uniq').add({ data: { code: 'A' } })).rejects.toMatchObject({ errCode: -502001 });
  });

  emulatorOnlyTest('moves the emulator clock')('serverDate() is the emulator clock, also after the clock moves', async () => {
    const emu = target.emulator!;
    const before = emu.clock.now();
    const { _id } = await col('docs').add({ data: { at: db.serverDate() } });
    const at = (await get(_id)).at as Date;
    expect(at).toBeInstanceOf(Date);
    expect(Math.abs(at.getTime() - before)).toBeLessThan(2000);
    emu.clock.advance(10 * 24 * 3600 * 1000);
    await col('docs').doc(_id).update({ data: { later: db.serverDate({ offset: 60_000 }) } });
    const later = (await get(_id)).later as Date;
    expect(later.getTime() - at.getTime()).toBeGreaterThanOrEqual(10 * 24 * 3600 * 1000 + 60_000);
    emu.clock.advance(-10 * 24 * 3600 * 1000);
  });
});

describe('set / update / remove on one document', () => {
  test('set replaces the whole document, or creates it', async () => {
    await col('docs').add({ data: { _id: 's1', a: 1, b: 2 } });
    const replaced = await col('docs').doc('s1').set({ data: { c: 3 } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(await get('s1')).toEqual({ _id: 's1', c: 3 });
    const created = await col('docs').doc('s2').set({ data: { d: 4 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect(await get('s2')).toEqual({ _id: 's2', d: 4 });
  });

  test('update of a missing document answers updated 0 and creates nothing', async () => {
    const res = await col('docs').doc('ghost').update({ data: { a: 1 } });
    expect(res.stats.updated).toBe(0);
    await expect(get('ghost')).rejects.toBeDefined();
  });

  test('update that changes nothing answers updated 0', async () => {
    await col('docs').add({ data: { _id: 'same', a: 1 } });
    expect((await col('docs').doc('same').update({ data: { a: 1 } })).stats.updated).toBe(0);
    expect((await col('docs').doc('same').update({ data: { a: 2 } })).stats.updated).toBe(1);
  });

  test('an update may not change _id', async () => {
    await expect(col('docs').doc('same').update({ data: { _id: 'x' } })).rejects.toBeDefined();
  });

  test('remove answers removed 1, then 0', async () => {
    await col('docs').add({ data: { _id: 'r1' } });
    expect((await col('docs').doc('r1').remove()).stats.removed).toBe(1);
    expect((await col('docs').doc('r1').remove()).stats.removed).toBe(0);
  });
});

describe('update commands', () => {
  const base = () => ({
    n: 10,
    m: 3,
    lo: 5,
    hi: 5,
    arr: [1, 2, 3],
    tags: ['a', 'b'],
    nested: { x: 1, y: 2 },
    old: 'keep',
    gone: true,
    items: [{ k: 1 }, { k: 2 }, { k: 3 }],
  });
  const cases: Array<[string, () => object, (d: any) => void]> = [
    ['plain nested object merges by path', () => ({ nested: { x: 9 } }), (d) => expect(d.nested).toEqual({ x: 9, y: 2 })],
    ['set replaces the nested object', () => ({ nested: _.set({ z: 1 }) }), (d) => expect(d.nested).toEqual({ z: 1 })],
    ['remove', () => ({ gone: _.remove() }), (d) => expect('gone' in d).toBe(false)],
    ['inc', () => ({ n: _.inc(5) }), (d) => expect(d.n).toBe(15)],
    ['inc negative on a missing field', () => ({ fresh: _.inc(-2) }), (d) => expect(d.fresh).toBe(-2)],
    ['push values', () => ({ arr: _.push([4, 5]) }), (d) => expect(d.arr).toEqual([1, 2, 3, 4, 5])],
    ['pull a value', () => ({ arr: _.pull(2) }), (d) => expect(d.arr).toEqual([1, 3])],
    ['pull by condition', () => ({ arr: _.pull(_.gt(1)) }), (d) => expect(d.arr).toEqual([1])],
    ['pull matching objects', () => ({ items: _.pull({ k: _.gte(2) }) }), (d) => expect(d.items).toEqual([{ k: 1 }])],
    ['addToSet one', () => ({ tags: _.addToSet('c') }), (d) => expect(d.tags).toEqual(['a', 'b', 'c'])],
    ['array element by index path', () => ({ 'items.1.k': 20 }), (d) => expect(d.items[1]).toEqual({ k: 20 })],
    ['several commands at once', () => ({ n: _.inc(1), tags: _.push('z'), nested: { y: _.remove() } }), (d) => {
      expect(d.n).toBe(11);
      expect(d.tags).toEqual(['a', 'b', 'z']);
      expect(d.nested).toEqual({ x: 1 });
    }],
  ];
  test.each(cases)('%s', async (name, data, check) => {
    const id = `u-${name.replace(/\W+/g, '-')}`;
    await col('docs').doc(id).set({ data: base() });
    const res = await col('docs').doc(id).update({ data: data() });
    expect(res.stats.updated).toBe(1);
    check(await get(id));
  });

  // CloudBase has these, but no function uses them: the emulator refuses them (wire/operators.ts)
  const notOnTheTable: Array<[string, () => object, (d: any) => void]> = [
    ['mul', () => ({ m: _.mul(4) }), (d) => expect(d.m).toBe(12)],
    ['min', () => ({ lo: _.min(2), hi: _.min(9) }), (d) => expect([d.lo, d.hi]).toEqual([2, 5])],
    ['max', () => ({ lo: _.max(2), hi: _.max(9) }), (d) => expect([d.lo, d.hi]).toEqual([5, 9])],
    ['rename', () => ({ old: _.rename('renamed') }), (d) => expect([d.old, d.renamed]).toEqual([undefined, 'keep'])],
    ['push with each + position', () => ({ arr: _.push({ each: [8, 9], position: 1 }) }), (d) => expect(d.arr).toEqual([1, 8, 9, 2, 3])],
    ['push with each + slice', () => ({ arr: _.push({ each: [4], slice: -2 }) }), (d) => expect(d.arr).toEqual([3, 4])],
    ['push with each + sort', () => ({ arr: _.push({ each: [0], sort: -1 }) }), (d) => expect(d.arr).toEqual([3, 2, 1, 0])],
    ['unshift', () => ({ arr: _.unshift([0, 0.5]) }), (d) => expect(d.arr).toEqual([0, 0.5, 1, 2, 3])],
    ['pop', () => ({ arr: _.pop() }), (d) => expect(d.arr).toEqual([1, 2])],
    ['shift', () => ({ arr: _.shift() }), (d) => expect(d.arr).toEqual([2, 3])],
    ['pullAll', () => ({ arr: _.pullAll([1, 3]) }), (d) => expect(d.arr).toEqual([2])],
    ['addToSet with $each', () => ({ tags: _.addToSet({ $each: ['b', 'c'] }) }), (d) => expect(d.tags).toEqual(['a', 'b', 'c'])],
  ];
  emulatorOnlyTest('the emulator refuses what is not on the operator table').each(notOnTheTable)('%s is refused (-502002) and changes nothing', async (name, data) => {
    const id = `r-${name.replace(/\W+/g, '-')}`;
    await col('docs').doc(id).set({ data: base() });
    await expect(col('docs').doc(id).update({ data: data() })).rejects.toMatchObject({ errCode: -502002 });
    expect(await get(id)).toEqual({ _id: id, ...base() });
  });

  test('addToSet of a value already there changes nothing (updated 0)', async () => {
    await col('docs').doc('ats').set({ data: base() });
    expect((await col('docs').doc('ats').update({ data: { tags: _.addToSet('a') } })).stats.updated).toBe(0);
  });

  test('inc on a string and push on a non-array are refused, as MongoDB does', async () => {
    await col('docs').doc('types').set({ data: { s: 'text', n: 1 } });
    await expect(col('docs').doc('types').update({ data: { s: _.inc(1) } })).rejects.toMatchObject({ errCode: -502001 });
    await expect(col('docs').doc('types').update({ data: { n: _.push(1) } })).rejects.toMatchObject({ errCode: -502001 });
    expect(await get('types')).toEqual({ _id: 'types', s: 'text', n: 1 });
  });

  test('conflicting paths in one update are refused', async () => {
    await col('docs').doc('conflict').set({ data: base() });
    await expect(col('docs').doc('conflict').update({ data: { n: _.inc(1), 'n.x': 1 } })).rejects.toBeDefined();
  });
});

describe('where().update() / where().remove()', () => {
  beforeAll(async () => {
    await col('docs').add({ data: Array.from({ length: 6 }, (_x, i) => ({ _id: `w${i}`, kind: 'bulk', i, done: false })) });
  });

  test('update touches every match and answers how many changed', async () => {
    const res = await col('docs').where({ kind: 'bulk', i: _.lt(4) }).update({ data: { done: true } });
    expect(res.stats.updated).toBe(4);
    expect((await col('docs').where({ kind: 'bulk', done: true }).count()).total).toBe(4);
    // a second run changes nothing
    expect((await col('docs').where({ kind: 'bulk', i: _.lt(4) }).update({ data: { done: true } })).stats.updated).toBe(0);
  });

  test('remove removes every match', async () => {
    const res = await col('docs').where({ kind: 'bulk', done: false }).remove();
    expect(res.stats.removed).toBe(2);
    expect((await col('docs').where({ kind: 'bulk' }).count()).total).toBe(4);
  });

  emulatorOnlyTest('MongoDB does not undo the documents a failing multi-document update already changed')('a where() write is all-or-nothing: a failing document leaves every document as it was', async () => {
    await col('docs').add({ data: [{ _id: 'aon1', kind: 'aon', v: 1 }, { _id: 'aon2', kind: 'aon', v: 'text' }] });
    await expect(col('docs').where({ kind: 'aon' }).update({ data: { v: _.inc(1) } })).rejects.toBeDefined();
    expect((await get('aon1')).v).toBe(1);
  });
});
