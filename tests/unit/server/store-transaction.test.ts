/**
 * The Store port's transaction: the memory store serialises transactions, applies their writes at commit,
 * discards them when the callback throws, and (rerunTransactions) runs every callback twice the way
 * CloudBase re-runs one after a write conflict; the counting store charges start + each operation + commit.
 */
import { AppError } from '../../../server/kernel/errors';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { CountingStore } from '../../../server/kernel/store';

const seedCounter = () => {
  const store = new MemoryStore();
  store.seed('c', [{ _id: 'n', value: 0 }]);
  return store;
};

test('writes land at commit; reads inside see the transaction’s own writes', async () => {
  const store = seedCounter();
  const out = await store.transaction(async (t) => {
    await t.update('c', 'n', { $inc: { value: 2 } });
    await t.create('c', { _id: 'm', value: 1 });
    return (await t.get('c', 'n'))?.value;
  });
  expect(out).toBe(2);
  expect(store.all('c')).toEqual([{ _id: 'n', value: 2 }, { _id: 'm', value: 1 }]);
});

test('a throw rolls everything back', async () => {
  const store = seedCounter();
  await expect(
    store.transaction(async (t) => {
      await t.update('c', 'n', { $inc: { value: 5 } });
      throw new AppError('conflict');
    }),
  ).rejects.toMatchObject({ code: 'conflict' });
  expect(store.all('c')).toEqual([{ _id: 'n', value: 0 }]);
});

test('concurrent transactions are serialised: no lost update', async () => {
  const store = seedCounter();
  await Promise.all(
    Array.from({ length: 10 }, () =>
      store.transaction(async (t) => {
        const cur = (await t.get('c', 'n'))!.value as number;
        await t.update('c', 'n', { $set: { value: cur + 1 } });
      }),
    ),
  );
  expect((await store.get('c', 'n'))?.value).toBe(10);
});

test('rerunTransactions: the first run is thrown away, so a callback that decides from its reads applies once', async () => {
  const store = seedCounter();
  store.rerunTransactions = true;
  await store.transaction(async (t) => {
    await t.update('c', 'n', { $inc: { value: 1 } });
  });
  expect(store.transactionRuns).toBe(2);
  expect((await store.get('c', 'n'))?.value).toBe(1);
});

test('creating an existing id inside a transaction fails it', async () => {
  const store = seedCounter();
  await expect(store.transaction((t) => t.create('c', { _id: 'n' }))).rejects.toMatchObject({ code: 'conflict' });
});

test('the counting store charges start, each operation and commit', async () => {
  const store = new CountingStore(seedCounter());
  await store.transaction(async (t) => {
    await t.get('c', 'n');
    await t.update('c', 'n', { $inc: { value: 1 } });
  });
  expect(store.calls).toHaveLength(4);
});
