/**
 * The function host: identity per invocation (never mixed under concurrency), function→function calls
 * through the SDK (identity passed on, SOURCE chained), DB round trips attributed to the invocation,
 * timeouts and crashes answered as CloudBase does, CloudID resolution, and no DNS on the function path.
 */
import dns from 'node:dns';
import { startTestEmulator, sdkFor, writeFunctions, removeDir, FUNCTION_PREAMBLE } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('the emulator’s function host (identity, timeouts, crashes)');

let emu: Emulator;
let dir: string;

const fns = {
  whoami: {
    source: `${FUNCTION_PREAMBLE}
let inflight = 0;
let maxInflight = 0;
exports.main = async (event) => {
  inflight += 1;
  maxInflight = Math.max(maxInflight, inflight);
  try {
    const before = cloud.getWXContext();
    await db.collection('seen').add({ data: { openid: before.OPENID, tag: event.tag } });
    await new Promise((r) => setTimeout(r, event.delay || 0));
    const mine = await db.collection('seen').where({ tag: event.tag }).get();
    const after = cloud.getWXContext();
    return { before, after, stored: mine.data.map((d) => d.openid), maxInflight, offset: process.env.CUNQUN_CLOCK_OFFSET_MS };
  } finally {
    inflight -= 1;
  }
};`,
  },
  caller: {
    source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  const res = await cloud.callFunction({ name: 'whoami', data: { tag: event.tag } });
  return { mine: cloud.getWXContext(), callee: res.result };
};`,
  },
  callsBoom: {
    source: `${FUNCTION_PREAMBLE}
exports.main = async () => {
  try { await cloud.callFunction({ name: 'boom', data: {} }); return 'no error?'; }
  catch (e) { return { errCode: e.errCode, errMsg: e.errMsg }; }
};`,
  },
  threeReads: {
    source: `${FUNCTION_PREAMBLE}
exports.main = async () => {
  await db.collection('seen').count();
  await db.collection('seen').limit(1).get();
  await db.collection('seen').where({ tag: 'x' }).get();
  return 'ok';
};`,
  },
  slow: { source: `exports.main = async () => { await new Promise((r) => setTimeout(r, 10000)); return 'late'; };`, config: { timeout: 1 } },
  boom: { source: `exports.main = async () => { throw new Error('炸了'); };` },
  exits: { source: `exports.main = async () => { process.exit(3); };` },
  lateThrow: { source: `exports.main = async () => { setTimeout(() => { throw new Error('later'); }, 0); await new Promise((r) => setTimeout(r, 200)); return 'x'; };` },
  broken: { source: `exports.main = async () => { return 1 +; };` },
  noMain: { source: `exports.other = () => 1;` },
  echo: { source: `exports.main = async (event) => event;` },
  nothing: { source: `exports.main = async () => undefined;` },
  lookup: { source: `exports.main = async () => new Promise((r) => require('dns').lookup('localhost', () => r('done')));` },
};

beforeAll(async () => {
  dir = writeFunctions(fns);
  emu = await startTestEmulator({ functionsDir: dir, collections: [{ name: 'seen', indexes: [{ name: 'tag', keys: { tag: 1 } }] }], workersPerFunction: 4, logFunctionErrors: false });
});

afterAll(async () => {
  await emu.close();
  removeDir(dir);
});

test('getWXContext() returns the caller: OPENID, APPID, ENV, SOURCE wx_client', async () => {
  const out = await emu.invoke('whoami', { tag: 'single' }, { openid: 'o-single', unionid: 'u-1' });
  expect(out.errCode).toBeUndefined();
  const ctx = (out.result as any).before;
  expect(ctx).toMatchObject({ OPENID: 'o-single', APPID: emu.appid, UNIONID: 'u-1', ENV: emu.envId, SOURCE: 'wx_client' });
});

test('20 concurrent invocations never see each other’s identity; an instance runs one at a time', async () => {
  const calls = Array.from({ length: 20 }, (_x, i) =>
    emu.invoke('whoami', { tag: `c${i}`, delay: (i * 7) % 40 }, { openid: `o-user-${i}` }).then((out) => ({ i, out })),
  );
  const results = await Promise.all(calls);
  for (const { i, out } of results) {
    const r = out.result as any;
    expect(out.errCode).toBeUndefined();
    expect(r.before.OPENID).toBe(`o-user-${i}`);
    expect(r.after.OPENID).toBe(`o-user-${i}`);
    expect(r.stored).toEqual([`o-user-${i}`]);
    expect(r.maxInflight).toBe(1);
  }
  // workersPerFunction bounds the pool: the rest queued
  expect(emu.instanceCount('whoami')).toBe(4);
});

test('a function calling another passes the user on; SOURCE becomes wx_client,scf', async () => {
  const out = await emu.invoke('caller', { tag: 'chain' }, { openid: 'o-chain' });
  const r = out.result as any;
  expect(r.mine).toMatchObject({ OPENID: 'o-chain', SOURCE: 'wx_client' });
  expect(r.callee.before).toMatchObject({ OPENID: 'o-chain', SOURCE: 'wx_client,scf' });
  expect(r.callee.stored).toEqual(['o-chain']);
});

test('20 concurrent function→function chains keep identities apart too', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, (_x, i) => emu.invoke('caller', { tag: `chain${i}` }, { openid: `o-ch-${i}` })));
  results.forEach((out, i) => {
    expect((out.result as any).mine.OPENID).toBe(`o-ch-${i}`);
    expect((out.result as any).callee.before.OPENID).toBe(`o-ch-${i}`);
    expect((out.result as any).callee.stored).toEqual([`o-ch-${i}`]);
  });
});

test('callFunction from outside any function (test process) runs with no user, SOURCE scf', async () => {
  const res = await sdkFor(emu).callFunction({ name: 'whoami', data: { tag: 'outside' } });
  expect(res.result.before.OPENID).toBeUndefined();
  expect(res.result.before.SOURCE).toBe('scf');
  await expect(sdkFor(emu).callFunction({ name: 'ghost', data: {} })).rejects.toMatchObject({ errMsg: expect.stringMatching(/callFunction:fail/) });
});

test('a failing callee rejects the caller’s callFunction', async () => {
  const out = await emu.invoke('callsBoom', {}, { openid: 'o-x' });
  expect((out.result as any).errMsg).toMatch(/callFunction:fail.*炸了/);
});

test('DB round trips are counted per invocation and kept in stats', async () => {
  emu.stats.reset();
  const out = await emu.invoke('threeReads', { action: 'probe' }, { openid: 'o-db' });
  expect(out).toEqual({ result: 'ok', dbCalls: 3 });
  expect(emu.stats.invocations).toEqual([expect.objectContaining({ fn: 'threeReads', action: 'probe', dbCalls: 3, ok: true })]);
  expect(emu.stats.invocations[0].ms).toBeGreaterThanOrEqual(0);
});

test('calls from the test process are not attributed to any invocation', async () => {
  emu.stats.reset();
  const db = sdkFor(emu).database();
  await Promise.all([db.collection('seen').count(), emu.invoke('threeReads', {}, { openid: 'o-db2' })]);
  expect(emu.stats.invocations[0].dbCalls).toBe(3);
});

test('the timeout from config.json ends the invocation with -504002, and the function still works after', async () => {
  const started = Date.now();
  const out = await emu.invoke('slow', {}, { openid: 'o-slow' });
  expect(out.errCode).toBe(-504002);
  expect(out.errMsg).toMatch(/timed out after 1 seconds/);
  expect(Date.now() - started).toBeLessThan(3000);
  const again = await emu.invoke('echo', { still: 'alive' }, { openid: 'o-slow' });
  expect(again.result).toEqual({ still: 'alive' });
});

test.each([
  ['boom', /Error: 炸了/],
  ['exits', /exit code 3/],
  ['lateThrow', /later/],
  ['broken', /SyntaxError/],
  ['noMain', /main/],
])('a crash in %s answers an error and the emulator lives on', async (name, message) => {
  const out = await emu.invoke(name, {}, { openid: 'o-crash' });
  expect(out.errCode).toBe(-504002);
  expect(out.errMsg).toMatch(message);
  expect((await emu.invoke('echo', { ok: 1 }, { openid: 'o-crash' })).result).toEqual({ ok: 1 });
});

test('a crashed function is restarted for the next call', async () => {
  await emu.invoke('exits', {}, { openid: 'o' });
  const out = await emu.invoke('exits', {}, { openid: 'o' });
  expect(out.errMsg).toMatch(/exit code 3/);
});

test('an unknown function answers -501000', async () => {
  const out = await emu.invoke('nope', {}, { openid: 'o' });
  expect(out.errCode).toBe(-501000);
});

test('undefined from main becomes null', async () => {
  expect((await emu.invoke('nothing', {}, { openid: 'o' })).result).toBeNull();
});

test('a client event arrives as sent: no open data is put beside a CloudID (functions ask getOpenData)', async () => {
  const out = await emu.invoke('echo', { group: { cloudID: 'dev-opengid:G-123' }, forged: { cloudID: 'made-up', data: { opengid: 'G-x' } } }, { openid: 'o' });
  expect(out.result).toEqual({ group: { cloudID: 'dev-opengid:G-123' }, forged: { cloudID: 'made-up', data: { opengid: 'G-x' } } });
});

test('the clock offset reaches the function as CUNQUN_CLOCK_OFFSET_MS', async () => {
  emu.clock.advance(3_600_000);
  const out = await emu.invoke('whoami', { tag: 'clock' }, { openid: 'o' });
  expect(Number((out.result as any).offset)).toBe(emu.clock.offset());
  emu.clock.advance(-3_600_000);
});

test('no DNS lookup happens on the function path (DB, callFunction), in the worker or the test process', async () => {
  const seen: string[] = [];
  const original = dns.lookup;
  (dns as any).lookup = (host: string, ...rest: any[]) => {
    seen.push(host);
    return (original as any)(host, ...rest);
  };
  try {
    emu.stats.reset();
    await emu.invoke('caller', { tag: 'dns' }, { openid: 'o-dns' });
    await sdkFor(emu).database().collection('seen').count();
    expect(emu.stats.invocations.map((s) => s.dnsLookups)).toEqual([[], []]);
    expect(seen).toEqual([]);
    // the tracer itself works: a function that does look a name up is seen
    emu.stats.reset();
    await emu.invoke('lookup', {}, { openid: 'o-dns' });
    expect(emu.stats.invocations[0].dnsLookups).toEqual(['localhost']);
  } finally {
    (dns as any).lookup = original;
  }
});
