/**
 * Transactions through the real SDK: commit, rollback, single-document-only refusal, isolation from
 * outside readers until commit, and write conflicts found at commit — the second committer gets
 * DATABASE_TRANSACTION_CONFLICT, which is exactly what makes the SDK's runTransaction retry.
 */
import { postWire } from '../support/emulator';
import { emulatorOnlyTest, openContractTarget, type ContractTarget } from './target';

let target: ContractTarget;
let db: any;
let _: any;
/** the collection's name on the target (prefixed on CloudBase) */
const acc = () => target.name('accounts');

beforeAll(async () => {
  target = await openContractTarget([{ name: 'accounts', indexes: [] }]);
  db = target.db;
  _ = db.command;
});

afterAll(() => target.close());

const balance = async (id: string) => (await db.collection(acc()).doc(id).get()).data.amount;
const reset = async (id: string, amount: number) => db.collection(acc()).doc(id).set({ data: { amount } });

test('startTransaction: reads, updates two documents, commits; outsiders see nothing before commit', async () => {
  await reset('a', 100);
  await reset('b', 0);
  const t = await db.startTransaction();
  const a = await t.collection(acc()).doc('a').get();
  expect(a.data).toEqual({ _id: 'a', amount: 100 });
  await t.collection(acc()).doc('a').update({ data: { amount: _.inc(-10) } });
  await t.collection(acc()).doc('b').update({ data: { amount: _.inc(10) } });
  // the transaction sees its own writes; the outside does not, yet
  expect((await t.collection(acc()).doc('a').get()).data.amount).toBe(90);
  expect(await balance('a')).toBe(100);
  await t.commit();
  expect(await balance('a')).toBe(90);
  expect(await balance('b')).toBe(10);
});

test('rollback discards every write', async () => {
  await reset('c', 5);
  const t = await db.startTransaction();
  await t.collection(acc()).doc('c').update({ data: { amount: 500 } });
  await t.collection(acc()).add({ data: { _id: 'c2', amount: 1 } });
  await t.rollback();
  expect(await balance('c')).toBe(5);
  await expect(db.collection(acc()).doc('c2').get()).rejects.toBeDefined();
});

test('add, set and remove inside a transaction apply at commit', async () => {
  await reset('gone', 1);
  const t = await db.startTransaction();
  await t.collection(acc()).add({ data: { _id: 'new1', amount: 7 } });
  await t.collection(acc()).doc('set1').set({ data: { amount: 8 } });
  const removed = await t.collection(acc()).doc('gone').remove();
  expect(removed.stats.removed).toBe(1);
  await t.commit();
  expect(await balance('new1')).toBe(7);
  expect(await balance('set1')).toBe(8);
  await expect(db.collection(acc()).doc('gone').get()).rejects.toBeDefined();
});

test('a where() query inside a transaction is refused (single-document operations only)', async () => {
  const t = await db.startTransaction();
  await expect(t.collection(acc()).where({ amount: _.gt(0) }).get()).rejects.toMatchObject({ errCode: -502001 });
  await t.rollback();
});

emulatorOnlyTest('posts a raw wire request')('a where() update on the wire with a transactionId is refused too', async () => {
  const t = await db.startTransaction();
  const res = await postWire(target.emulator!, {
    action: 'database.modifyDocument',
    collectionName: 'accounts',
    transactionId: t._transaction.getTransactionId(),
    queryType: 'WHERE',
    query: '{"amount":{"$gt":0}}',
    data: '{"$set":{"x":1}}',
    merge: true,
  });
  expect(res.code).toBe('DATABASE_REQUEST_FAILED');
  await t.rollback();
});

test('a duplicate _id added inside a transaction is refused at once', async () => {
  await reset('dupt', 1);
  const t = await db.startTransaction();
  await expect(t.collection(acc()).add({ data: { _id: 'dupt', amount: 2 } })).rejects.toMatchObject({ errCode: -502001 });
  await t.rollback();
});

test('two concurrent transactions on one document: the first commit wins, the second gets a conflict', async () => {
  await reset('hot', 0);
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  const v1 = (await t1.collection(acc()).doc('hot').get()).data.amount;
  const v2 = (await t2.collection(acc()).doc('hot').get()).data.amount;
  await t1.collection(acc()).doc('hot').update({ data: { amount: v1 + 1 } });
  await t2.collection(acc()).doc('hot').update({ data: { amount: v2 + 1 } });
  await t1.commit();
  const err = await t2.commit().catch((e: any) => e);
  expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT');
  expect(await balance('hot')).toBe(1);
});

test('a plain write to a document after a transaction began makes its commit conflict', async () => {
  await reset('touched', 0);
  const t = await db.startTransaction();
  await db.collection(acc()).doc('touched').update({ data: { amount: 50 } });
  const v = (await t.collection(acc()).doc('touched').get()).data.amount;
  await t.collection(acc()).doc('touched').update({ data: { amount: v + 1 } });
  await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect(await balance('touched')).toBe(50);
});

test('reads inside a transaction repeat what it first saw', async () => {
  await reset('rep', 100);
  const t = await db.startTransaction();
  expect((await t.collection(acc()).doc('rep').get()).data.amount).toBe(100);
  await db.collection(acc()).doc('rep').update({ data: { amount: 50 } });
  expect((await t.collection(acc()).doc('rep').get()).data.amount).toBe(100);
  await t.rollback();
});

test('a stale write that happens to equal the committed value still conflicts (no silent lost update)', async () => {
  await reset('same', 3);
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  const seen1 = (await t1.collection(acc()).doc('same').get()).data.amount;
  const seen2 = (await t2.collection(acc()).doc('same').get()).data.amount;
  await t2.collection(acc()).doc('same').update({ data: { amount: seen2 + 1 } });
  await t2.commit();
  await t1.collection(acc()).doc('same').update({ data: { amount: seen1 + 1 } });
  await expect(t1.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
});

test('transactions on different documents do not conflict', async () => {
  await reset('x1', 0);
  await reset('x2', 0);
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  await t1.collection(acc()).doc('x1').update({ data: { amount: 1 } });
  await t2.collection(acc()).doc('x2').update({ data: { amount: 2 } });
  await t1.commit();
  await t2.commit();
  expect([await balance('x1'), await balance('x2')]).toEqual([1, 2]);
});

test('runTransaction retries the loser of a conflict, so concurrent increments never get lost', async () => {
  await reset('counter', 0);
  let attempts = 0;
  const increment = () =>
    db.runTransaction(async (t: any) => {
      attempts += 1;
      const cur = (await t.collection(acc()).doc('counter').get()).data.amount;
      await t.collection(acc()).doc('counter').update({ data: { amount: cur + 1 } });
      return cur + 1;
    });
  const results = await Promise.all([increment(), increment()]);
  expect(results.sort()).toEqual([1, 2]);
  expect(attempts).toBe(3);
  expect(await balance('counter')).toBe(2);
});

test('many concurrent runTransactions: each ends exactly once, succeeded or failed, and the count matches', async () => {
  await reset('busy', 0);
  const n = 12;
  const outcomes = await Promise.allSettled(
    Array.from({ length: n }, () =>
      db.runTransaction(async (t: any) => {
        const cur = (await t.collection(acc()).doc('busy').get()).data.amount;
        await t.collection(acc()).doc('busy').update({ data: { amount: cur + 1 } });
      }),
    ),
  );
  const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
  expect(ok).toBeGreaterThan(0);
  expect(await balance('busy')).toBe(ok);
});

test('runTransaction rollback(reason) rejects with the reason and changes nothing', async () => {
  await reset('rb', 3);
  const err = await db
    .runTransaction(async (t: any) => {
      await t.collection(acc()).doc('rb').update({ data: { amount: 0 } });
      await t.rollback('not-enough');
    })
    .catch((e: any) => e);
  expect(err).toBe('not-enough');
  expect(await balance('rb')).toBe(3);
});

test('an error thrown in the callback is not retried', async () => {
  let calls = 0;
  await expect(
    db.runTransaction(async () => {
      calls += 1;
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(calls).toBe(1);
});

test('a committed or unknown transaction id is refused', async () => {
  const t = await db.startTransaction();
  await t.commit();
  await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
});

emulatorOnlyTest('posts a raw wire request')('an unknown transaction id is refused on the wire', async () => {
  const res = await postWire(target.emulator!, { action: 'database.commitTransaction', transactionId: 'nope' });
  expect(res.code).toBe('DATABASE_TRANSACTION_FAIL');
});
