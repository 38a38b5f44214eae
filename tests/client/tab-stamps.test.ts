/**
 * What the phone keeps of the 积分 and 议事 tabs (client/src/state/tab-stamps.ts), over a storage that
 * behaves as Taro's: shown with no call while the board's stamp is the one it was kept under; asked again
 * when the stamp moved or is null, when no board of this village answered lately, and after a write of the
 * tab's job from this phone.
 */
const storage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, JSON.parse(JSON.stringify(v))),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorageInfoSync: () => ({ keys: [...storage.keys()] }),
  },
}));

import { keptTabOrLoad, rememberTabStamps, tabWritten } from '../../client/src/state/tab-stamps';

const V = 'qingshi';
let asked = 0;
let answer = 'balance 12';
const load = async () => {
  asked++;
  return answer;
};
const show = () => keptTabOrLoad('ledger', V, 'home', load);

beforeEach(() => {
  storage.clear();
  asked = 0;
  answer = 'balance 12';
  jest.useRealTimers();
});

test('kept under the board\'s stamp: the next open shows it with no call', async () => {
  rememberTabStamps(V, { ledger: 's1', topics: 't1' });
  expect(await show()).toBe('balance 12');
  answer = 'balance 15';
  expect(await show()).toBe('balance 12');
  expect(asked).toBe(1);
});

test('a stamp that moved asks, and keeps the new answer under the new stamp', async () => {
  rememberTabStamps(V, { ledger: 's1', topics: null });
  await show();
  answer = 'balance 15';
  rememberTabStamps(V, { ledger: 's2', topics: null });
  expect(await show()).toBe('balance 15');
  expect(await show()).toBe('balance 15');
  expect(asked).toBe(2);
});

test('a null stamp, another village\'s board, or no board lately: asked every time and nothing kept', async () => {
  rememberTabStamps(V, { ledger: null, topics: null });
  await show();
  await show();
  expect(asked).toBe(2);
  rememberTabStamps('liushu', { ledger: 's1', topics: null });
  await show();
  await show();
  expect(asked).toBe(4);
  jest.useFakeTimers({ now: Date.now() });
  rememberTabStamps(V, { ledger: 's1', topics: null });
  await show();
  jest.setSystemTime(Date.now() + 6 * 60_000);
  await show();
  expect(asked).toBe(6);
});

test('a write of the tab\'s job from this phone drops what was kept; reads and the other job do not', async () => {
  rememberTabStamps(V, { ledger: 's1', topics: 't1' });
  await show();
  tabWritten('ledger', 'shop');
  tabWritten('deliberation', 'castVote');
  tabWritten('patrol', 'createPost');
  await show();
  expect(asked).toBe(1);
  tabWritten('ledger', 'redeem');
  await show();
  expect(asked).toBe(2);
  // asked again after the write, under the board's stamp from before it: not kept (the stamp predates it)
  await show();
  expect(asked).toBe(3);
  // the next board's stamp keeps it again
  rememberTabStamps(V, { ledger: 's2', topics: 't1' });
  await show();
  await show();
  expect(asked).toBe(4);
});

test('a kept answer over 30 days old is asked again', async () => {
  jest.useFakeTimers({ now: Date.UTC(2026, 2, 1) });
  rememberTabStamps(V, { ledger: 's1', topics: null });
  await show();
  jest.setSystemTime(Date.UTC(2026, 2, 31) + 1);
  rememberTabStamps(V, { ledger: 's1', topics: null });
  await show();
  expect(asked).toBe(2);
});
