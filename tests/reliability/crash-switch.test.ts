/**
 * The function host's crash switch (InvokeOptions.crashAfterDbCalls) and the store's snapshots, on
 * throw-away functions: the k-th DB call lands, the answer is lost, later calls never land, the worker
 * is replaced and the next invocation runs normally; a rewound store is exactly as it was.
 */
import type { Emulator } from '../../emulator';
import { FUNCTION_PREAMBLE, removeDir, startTestEmulator, writeFunctions } from '../support/emulator';

let emu: Emulator;
let dir: string;

beforeAll(async () => {
  dir = writeFunctions({
    three: {
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  for (let i = 1; i <= 3; i++) await db.collection('crash_docs').add({ data: { _id: event.tag + '-' + i, i } });
  return { done: true };
};`,
    },
    slowSecond: {
      // the second write starts while the first's answer is in flight: it must not land once cut
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  const first = db.collection('crash_docs').add({ data: { _id: event.tag + '-a' } });
  const second = db.collection('crash_docs').add({ data: { _id: event.tag + '-b' } });
  await Promise.allSettled([first, second]);
  await db.collection('crash_docs').add({ data: { _id: event.tag + '-c' } });
  return { done: true };
};`,
    },
  });
  emu = await startTestEmulator({ functionsDir: dir, collections: [{ name: 'crash_docs' }], logFunctionErrors: false, workersPerFunction: 1 });
});

afterAll(async () => {
  await emu?.close();
  removeDir(dir);
});

const ids = () => emu.store.all('crash_docs').map((d) => String(d._id)).sort();

test('a crash after the k-th DB call keeps the first k writes, loses the answer and replaces the worker', async () => {
  for (const k of [1, 2, 3]) {
    const res = await emu.invoke('three', { tag: `k${k}` }, { openid: 'o-crash' }, { crashAfterDbCalls: k });
    expect(res.cut).toBe(true);
    expect(res.result).toBeUndefined();
    expect(res.errCode).toBe(-504002);
    expect(res.dbCalls).toBe(k);
  }
  expect(ids()).toEqual(['k1-1', 'k2-1', 'k2-2', 'k3-1', 'k3-2', 'k3-3']);
  // a fresh instance answers normally
  const ok = await emu.invoke('three', { tag: 'ok' }, { openid: 'o-crash' });
  expect(ok.result).toEqual({ done: true });
  expect(ok.cut).toBeUndefined();
  expect(emu.instanceCount('three')).toBe(1);
});

test('a call already in flight when the invocation is cut never lands', async () => {
  const res = await emu.invoke('slowSecond', { tag: 'race' }, { openid: 'o-crash' }, { crashAfterDbCalls: 1 });
  expect(res.cut).toBe(true);
  await new Promise((r) => setTimeout(r, 200));
  expect(ids().filter((id) => id.startsWith('race-'))).toHaveLength(1);
});

test('a crash point beyond the last call is never reached: the invocation answers', async () => {
  const res = await emu.invoke('three', { tag: 'far' }, { openid: 'o-crash' }, { crashAfterDbCalls: 9 });
  expect(res.result).toEqual({ done: true });
  expect(res.cut).toBeUndefined();
});

test('a store snapshot rewinds every document, the write sequence and the natural order', async () => {
  const snap = emu.store.snapshot();
  const before = { docs: emu.store.all('crash_docs'), seq: emu.store.currentSeq() };
  await emu.invoke('three', { tag: 'later' }, { openid: 'o-crash' });
  expect(emu.store.all('crash_docs').length).toBe(before.docs.length + 3);
  emu.store.restore(snap);
  expect(emu.store.all('crash_docs')).toEqual(before.docs);
  expect(emu.store.currentSeq()).toBe(before.seq);
});
