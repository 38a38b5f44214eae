/**
 * Reads through the real wx-server-sdk against the contract target (the emulator, or CloudBase with
 * CUNQUN_CONTRACT_ENV): every query operator the functions use, CloudBase's get limits (default 100,
 * max 1000), orderBy + skip + limit, field projection, count, doc().get() on a missing document and the
 * missing-collection error. On the emulator also: the operators CloudBase has but the functions do not use
 * are refused, and the SQLite pre-filter's plans.
 */
import { emulatorOnlySuite, emulatorOnlyTest, openContractTarget, type ContractTarget } from './target';

let target: ContractTarget;
let db: any;
let _: any;
const col = (name: string) => db.collection(target.name(name));

const people = [
  { _id: 'p1', name: '张三', age: 30, tags: ['grid', 'elder'], grid: 'g1', score: 7, joinedAt: new Date('2024-01-01T00:00:00Z'), address: { village: 'v1', no: 3 }, items: [{ kind: 'a', n: 1 }, { kind: 'b', n: 5 }] },
  { _id: 'p2', name: '李四', age: 45, tags: ['grid'], grid: 'g2', score: 3, joinedAt: new Date('2024-03-01T00:00:00Z'), address: { village: 'v1', no: 8 }, items: [{ kind: 'a', n: 9 }] },
  { _id: 'p3', name: '王五', age: 61, tags: [], grid: 'g1', joinedAt: new Date('2024-06-01T00:00:00Z'), address: { village: 'v2', no: 1 }, items: [] },
  { _id: 'p4', name: '赵六', age: 18, tags: ['youth', 'elder'], grid: null, score: 10, joinedAt: new Date('2023-12-01T00:00:00Z'), address: { village: 'v2', no: 4 } },
];

beforeAll(async () => {
  target = await openContractTarget([
    { name: 'people', indexes: [{ name: 'grid_age', keys: { grid: 1, age: -1 } }, { name: 'joined', keys: { joinedAt: 1 } }] },
    { name: 'many', indexes: [{ name: 'n', keys: { n: 1 } }] },
    { name: 'empty', indexes: [] },
  ]);
  db = target.db;
  _ = db.command;
  for (const p of people) await col('people').add({ data: p });
  const batch = Array.from({ length: 1200 }, (_x, i) => ({ _id: `m${String(i).padStart(4, '0')}`, n: i, odd: i % 2 === 1 }));
  for (let i = 0; i < batch.length; i += 200) await col('many').add({ data: batch.slice(i, i + 200) });
});

afterAll(() => target.close());

const ids = (res: { data: Array<{ _id: string }> }) => res.data.map((d) => d._id).sort();

describe('query commands', () => {
  const cases: Array<[string, () => object, string[]]> = [
    ['plain equality', () => ({ grid: 'g1' }), ['p1', 'p3']],
    ['neq', () => ({ grid: _.neq('g1') }), ['p2', 'p4']],
    ['gt', () => ({ age: _.gt(45) }), ['p3']],
    ['gte', () => ({ age: _.gte(45) }), ['p2', 'p3']],
    ['lt', () => ({ age: _.lt(30) }), ['p4']],
    ['lte', () => ({ age: _.lte(30) }), ['p1', 'p4']],
    ['in', () => ({ grid: _.in(['g2', null]) }), ['p2', 'p4']],
    ['nin', () => ({ grid: _.nin(['g1']) }), ['p2', 'p4']],
    ['range with and()', () => ({ age: _.gt(20).and(_.lt(50)) }), ['p1', 'p2']],
    ['or across fields', () => _.or([{ age: _.lt(20) }, { grid: 'g2' }]), ['p2', 'p4']],
    ['or on one field', () => ({ age: _.lt(20).or(_.gt(60)) }), ['p3', 'p4']],
    ['and()', () => _.and([{ grid: 'g1' }, { age: _.gt(40) }]), ['p3']],
    ['exists true', () => ({ score: _.exists(true) }), ['p1', 'p2', 'p4']],
    ['exists false', () => ({ score: _.exists(false) }), ['p3']],
    ['array contains value', () => ({ tags: 'elder' }), ['p1', 'p4']],
    ['nested object (flattened to dot path)', () => ({ address: { village: 'v2' } }), ['p3', 'p4']],
    ['dot path', () => ({ 'address.no': _.gte(4) }), ['p2', 'p4']],
    ['dates compare as dates', () => ({ joinedAt: _.gte(new Date('2024-02-01T00:00:00Z')) }), ['p2', 'p3']],
    ['null matches missing and null', () => ({ grid: null }), ['p4']],
    ['expr', () => _.expr(db.command.aggregate.gt(['$age', '$address.no'])), ['p1', 'p2', 'p3', 'p4']],
    ['expr comparing fields', () => _.expr(db.command.aggregate.lt(['$address.no', 4])), ['p1', 'p3']],
  ];
  test.each(cases)('%s', async (_name, where, expected) => {
    const res = await col('people').where(where()).get();
    expect(ids(res)).toEqual(expected);
  });

  // CloudBase has these, but no function uses them: the emulator refuses them (wire/operators.ts)
  const notOnTheTable: Array<[string, () => object, string[]]> = [
    ['eq', () => ({ age: _.eq(45) }), ['p2']],
    ['nor', () => _.nor([{ grid: 'g1' }, { age: _.lt(20) }]), ['p2']],
    ['not', () => ({ age: _.not(_.gt(30)) }), ['p1', 'p4']],
    ['size', () => ({ tags: _.size(2) }), ['p1', 'p4']],
    ['all', () => ({ tags: _.all(['grid', 'elder']) }), ['p1']],
    ['elemMatch', () => ({ items: _.elemMatch({ kind: 'a', n: _.gt(5) }) }), ['p2']],
    ['mod', () => ({ age: _.mod(15, 0) }), ['p1', 'p2']],
    ['JS RegExp', () => ({ name: /^张|^李/ }), ['p1', 'p2']],
    ['db.RegExp with options', () => ({ name: db.RegExp({ regexp: '五$', options: 'i' }) }), ['p3']],
  ];
  emulatorOnlyTest('the emulator refuses what is not on the operator table').each(notOnTheTable)('%s is refused (-502002)', async (_name, where) => {
    await expect(col('people').where(where()).get()).rejects.toMatchObject({ errCode: -502002 });
  });

  test('a where on _id with in()', async () => {
    expect(ids(await col('people').where({ _id: _.in(['p2', 'p4', 'nope']) }).get())).toEqual(['p2', 'p4']);
  });

  test('dates come back as Date objects', async () => {
    const res = await col('people').doc('p1').get();
    expect(res.data.joinedAt).toBeInstanceOf(Date);
    expect(res.data.joinedAt.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('limits, order, skip, field, count', () => {
  test('get() without limit answers 100 records (CloudBase default from a function)', async () => {
    const res = await col('many').get();
    expect(res.data).toHaveLength(100);
    expect(res.data[0]._id).toBe('m0000');
  });

  test('limit(1000) answers 1000, and the SDK caps limit(5000) at 1000', async () => {
    expect((await col('many').limit(1000).get()).data).toHaveLength(1000);
    expect((await col('many').limit(5000).get()).data).toHaveLength(1000);
  });

  emulatorOnlyTest('posts a raw wire request')('a wire limit above 1000 is refused', async () => {
    const emu = target.emulator!;
    const res = await fetch(`${emu.serviceUrl}?env=${emu.envId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'many', queryType: 'WHERE', limit: 1001 }),
    }).then((r) => r.json());
    expect(res.code).toBe('INVALID_PARAM');
  });

  test('orderBy desc + skip + limit', async () => {
    const res = await col('many').where({ odd: true }).orderBy('n', 'desc').skip(2).limit(3).get();
    expect(res.data.map((d: any) => d.n)).toEqual([1195, 1193, 1191]);
  });

  test('orderBy on two fields, in call order', async () => {
    const res = await col('people').orderBy('grid', 'asc').orderBy('age', 'desc').get();
    expect(res.data.map((d: any) => d._id)).toEqual(['p4', 'p3', 'p1', 'p2']);
  });

  test('skip past the end answers an empty list', async () => {
    expect((await col('people').skip(10).get()).data).toEqual([]);
  });

  test('field() includes only the asked fields (plus _id)', async () => {
    const res = await col('people').where({ _id: 'p1' }).field({ name: true, 'address.no': true }).get();
    expect(res.data).toEqual([{ _id: 'p1', name: '张三', address: { no: 3 } }]);
  });

  test('field() can exclude fields', async () => {
    const res = await col('people').doc('p2').field({ items: false, tags: false, joinedAt: false, address: false }).get();
    expect(res.data).toEqual({ _id: 'p2', name: '李四', age: 45, grid: 'g2', score: 3 });
  });

  test('count() counts every match, past any limit', async () => {
    expect((await col('many').where({ odd: false }).count()).total).toBe(600);
    expect((await col('many').count()).total).toBe(1200);
  });
});

describe('documents and collections', () => {
  test('doc().get() on a missing document rejects (throwOnNotFound default)', async () => {
    await expect(col('people').doc('nobody').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
  });

  test('doc().get() on a missing document answers null with throwOnNotFound: false', async () => {
    const lenient = target.cloud.database({ throwOnNotFound: false });
    expect((await lenient.collection(target.name('people')).doc('nobody').get()).data).toBeNull();
  });

  test('a collection that was never created is refused with -502005', async () => {
    await expect(col('no_such').get()).rejects.toMatchObject({ errCode: -502005 });
    await expect(col('no_such').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
  });

  test('createCollection makes it usable; creating it again fails', async () => {
    await db.createCollection(target.name('made_later'));
    await col('made_later').add({ data: { _id: 'a' } });
    expect((await col('made_later').count()).total).toBe(1);
    await expect(db.createCollection(target.name('made_later'))).rejects.toBeDefined();
  });

  test('an empty collection answers an empty list', async () => {
    expect((await col('empty').get()).data).toEqual([]);
  });
});

emulatorOnlySuite('reads the SQLite plans')('SQLite pre-filter', () => {
  test('equality and range on indexed fields use the expression index', () => {
    const { plan } = target.emulator!.store.explain('people', { grid: 'g1', age: { $gt: 20 } });
    expect(plan.join(' ')).toMatch(/USING INDEX/);
  });

  test('an indexed field once holding an array is no longer pre-filtered, and still matches', async () => {
    await col('people').add({ data: { _id: 'p5', name: '钱七', grid: ['g1', 'g3'], age: 50 } });
    const { sql } = target.emulator!.store.explain('people', { grid: 'g3' });
    expect(sql).not.toMatch(/grid/);
    expect(ids(await col('people').where({ grid: 'g3' }).get())).toEqual(['p5']);
    await col('people').doc('p5').remove();
  });

  test('dates pre-filter on their ISO value and stay exact', async () => {
    const { sql } = target.emulator!.store.explain('people', { joinedAt: { $lt: new Date('2024-01-15T00:00:00Z') } });
    expect(sql).toMatch(/\$date/);
    expect(ids(await col('people').where({ joinedAt: _.lt(new Date('2024-01-15T00:00:00Z')) }).get())).toEqual(['p1', 'p4']);
  });
});
