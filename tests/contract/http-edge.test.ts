/**
 * Issue 16, the emulator's HTTP edge and host — each finding as the outside probe sent it:
 * 1. a deeply nested payload is refused at the edge, and (sent past the edge) never takes a worker slot for good;
 * 2. a foreign page (Host, Origin, text/plain, forged SDK wire) drives nothing;
 * 10. a stored file is written only by its creator (H5 route and the SDK's signed upload);
 * 12. a malformed function name is a 400, not a 500;
 * 13. dev sessions are stored hashed and end after a day of real time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { MAX_JSON_DEPTH, jsonDepth } from '../../emulator/http/edge';
import { callH5, devLogin, FUNCTION_PREAMBLE, removeDir, sdkFor, startTestEmulator, writeFunctions } from '../support/emulator';
import { send } from '../support/raw-http';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('the emulator’s own HTTP edge (H5 routes, dev login, worker slots)');

const personas = [
  { id: 'a', label: '村民 甲', openid: 'o-user-a', description: '' },
  { id: 'b', label: '村民 乙', openid: 'o-user-b', description: '' },
];
const SLOTS = 2;

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  dir = writeFunctions({
    echo: { source: `exports.main = async (event) => ({ got: event && event.action });` },
    // uploads through the SDK as the calling user (the signed-upload path)
    upload: {
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  try {
    const res = await cloud.uploadFile({ cloudPath: event.path, fileContent: Buffer.from(event.text) });
    return { fileID: res.fileID };
  } catch (e) { return { errCode: e.errCode, errMsg: e.errMsg || e.message }; }
};`,
    },
  });
  emu = await startTestEmulator({ functionsDir: dir, personas, collections: [{ name: 'c', indexes: [] }], workersPerFunction: SLOTS, logFunctionErrors: false });
});
afterAll(async () => {
  await emu.close();
  removeDir(dir);
});

const nestedObject = (levels: number): unknown => {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};
/** The probe's body: 5,000 levels of objects (≈ 40 KB), as text (JSON.stringify overflows on it under jest). */
const DEEP_OBJECT_TEXT = `{"action":"getSettings","payload":${'{"next":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
/** 100,000-deep array, built as text (JSON.stringify itself overflows on it) and parsed (JSON.parse does not recurse). */
const DEEP_ARRAY_TEXT = '['.repeat(100_000) + ']'.repeat(100_000);

const host = () => `127.0.0.1:${emu.port}`;
const json = { 'content-type': 'application/json' };

describe('1. deep nesting', () => {
  test('the depth count needs no recursion and ignores brackets in strings', () => {
    expect(jsonDepth(DEEP_ARRAY_TEXT)).toBe(100_000);
    expect(jsonDepth('{"a":"[[[[{{{{","b":[1,{"c":"\\"]]"}]}')).toBe(3);
    expect(jsonDepth(JSON.stringify(nestedObject(MAX_JSON_DEPTH - 1)))).toBe(MAX_JSON_DEPTH);
  });

  test('at the edge: 5,000 levels (≈ 40 KB) and a 100,000-deep array are a 400 with a code; the function keeps answering', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    const deep = DEEP_OBJECT_TEXT;
    expect(deep.length).toBeGreaterThan(40_000);
    for (let i = 0; i < SLOTS * 3; i++) {
      for (const body of [deep, DEEP_ARRAY_TEXT]) {
        const res = await send(emu.port, { method: 'POST', path: '/api/functions/echo', headers: { ...json, authorization: `Bearer ${token}` }, body });
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ errCode: 400, code: 'payload_too_deep', errMsg: expect.stringContaining('嵌套过深') });
      }
    }
    // as deep as the edge allows still reaches the function
    const ok = await callH5(emu, token, 'echo', { action: 'fine', payload: nestedObject(MAX_JSON_DEPTH - 3) });
    expect(ok).toEqual({ status: 200, body: { result: { got: 'fine' } } });
  });

  test('past the edge (emu.invoke): an event the host cannot hand to a worker is an error answer, and no slot is lost', async () => {
    const deepArray = JSON.parse(DEEP_ARRAY_TEXT);
    for (let i = 0; i < SLOTS * 2; i++) {
      for (const event of [{ action: 'x', payload: nestedObject(5000) }, deepArray]) {
        const out = await emu.invoke('echo', event, { openid: 'o-user-a' });
        expect(out).toMatchObject({ errCode: -504002, errMsg: expect.stringMatching(/RangeError/) });
      }
    }
    const answers = await Promise.all(Array.from({ length: SLOTS * 2 }, () => emu.invoke('echo', { action: 'after' }, { openid: 'o-user-b' })));
    for (const a of answers) expect(a).toMatchObject({ result: { got: 'after' } });
    expect(emu.instanceCount('echo')).toBeLessThanOrEqual(SLOTS);
  });

  test('a body over 6 MB is a 413 with a code', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    const big = JSON.stringify({ action: 'x', payload: { s: 'x'.repeat(6 * 1024 * 1024) } });
    const res = await send(emu.port, { method: 'POST', path: '/api/functions/echo', headers: { ...json, authorization: `Bearer ${token}` }, body: big });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'payload_too_large' });
  });
});

describe('1. a slot is given back whatever fails', () => {
  test('an instance that never finishes loading is replaced: every caller gets an answer, the other functions keep theirs', async () => {
    const fns = writeFunctions({
      stuck: { source: `for (;;) {}` },
      fine: { source: `exports.main = async () => 'ok';` },
    });
    const host = await startTestEmulator({ functionsDir: fns, collections: [], workersPerFunction: 1, functionStartTimeoutMs: 1000, logFunctionErrors: false });
    try {
      // warm first: under load a cold start of even a tiny function could pass a start bound this short
      expect(await host.invoke('fine', {}, { openid: 'o-user-a' })).toMatchObject({ result: 'ok' });
      const answers = await Promise.all([1, 2, 3].map(() => host.invoke('stuck', {}, { openid: 'o-user-a' })));
      for (const a of answers) expect(a).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('启动失败') });
      expect(await host.invoke('fine', {}, { openid: 'o-user-a' })).toMatchObject({ result: 'ok' });
    } finally {
      await host.close();
      removeDir(fns);
    }
  });
});

describe('2. another web page cannot drive the emulator', () => {
  test('the probe: POST /dev/login with a foreign Host and Origin as text/plain gets no token and no CORS header', async () => {
    const res = await send(emu.port, {
      method: 'POST',
      path: '/dev/login',
      headers: { host: `evil.example:${emu.port}`, origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ personaId: 'a' }),
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'host_not_allowed', errMsg: expect.any(String) });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('DNS rebinding: a name that is not loopback is refused on every route, and the port must be ours', async () => {
    for (const path of ['/', '/dev/personas', '/dev/outbox', '/api/storage/file?fileID=x', '/storage/file/x']) {
      const res = await send(emu.port, { path, headers: { host: `rebind.example:${emu.port}` } });
      expect([path, res.status, res.json?.code]).toEqual([path, 403, 'host_not_allowed']);
    }
    for (const h of [`127.0.0.1:${emu.port + 1}`, '127.0.0.1', `localhost.evil.example:${emu.port}`, `127.0.0.2:${emu.port}`, `127.0.0.1:${emu.port}@evil.example`]) {
      expect((await send(emu.port, { path: '/dev/personas', headers: { host: h } })).status).toBe(403);
    }
    // no Host at all: Node's parser already answers 400 for HTTP/1.1
    expect((await send(emu.port, { path: '/dev/personas', headers: { host: null } })).status).toBe(400);
    for (const h of [host(), `localhost:${emu.port}`, `LOCALHOST:${emu.port}`, `[::1]:${emu.port}`]) {
      expect((await send(emu.port, { path: '/dev/personas', headers: { host: h } })).status).toBe(200);
    }
  });

  test('Origin: none or this emulator\'s own pages only; a preflight from elsewhere is refused', async () => {
    const login = (headers: Record<string, string>) => send(emu.port, { method: 'POST', path: '/dev/login', headers: { ...json, ...headers }, body: '{"personaId":"a"}' });
    const foreign = await login({ origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ code: 'origin_not_allowed' });
    expect((await login({ origin: 'null' })).status).toBe(403);
    expect((await login({ origin: `http://127.0.0.1:${emu.port + 1}` })).status).toBe(403);
    // the H5 build's own dev-login page
    const own = await login({ origin: `http://${host()}` });
    expect(own.status).toBe(200);
    expect(own.json.token).toMatch(/^[0-9a-f]{48}$/);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send(emu.port, { method: 'OPTIONS', path: '/api/functions/echo', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('JSON routes take only application/json', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const headers = { authorization: `Bearer ${token}`, 'content-type': type };
      for (const path of ['/dev/login', '/dev/clock', '/api/functions/echo']) {
        const res = await send(emu.port, { method: 'POST', path, headers, body: '{"personaId":"a","advanceMs":1}' });
        expect([path, type, res.status, res.json?.code]).toEqual([path, type, 415, 'unsupported_media_type']);
      }
    }
    const charset = await send(emu.port, { method: 'POST', path: '/api/functions/echo', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body: '{"action":"cs"}' });
    expect(charset.json).toEqual({ result: { got: 'cs' } });
  });

  test('the SDK wire answers only the per-start secret in serviceUrl: not /admin, not a worker path without it, not a browser', async () => {
    const read = JSON.stringify({ action: 'database.calculateDocument', collectionName: 'c' });
    const secretPath = new URL(emu.serviceUrl).pathname;
    expect(secretPath).toMatch(/^\/admin\/[A-Za-z0-9_-]{32}$/);
    for (const path of ['/admin', '/admin/w/echo-1', `/admin/${'x'.repeat(32)}`, `/admin/${'x'.repeat(32)}/w/echo-1`, '/admin/', `${secretPath}x`]) {
      const res = await send(emu.port, { method: 'POST', path: `${path}?env=${emu.envId}`, headers: json, body: read });
      expect([path, res.status, res.json?.code]).toEqual([path, 403, 'PERMISSION_DENIED']);
    }
    const fromPage = await send(emu.port, { method: 'POST', path: `${secretPath}?env=${emu.envId}`, headers: { ...json, origin: `http://${host()}` }, body: read });
    expect(fromPage.status).toBe(403);
    const own = await send(emu.port, { method: 'POST', path: `${secretPath}?env=${emu.envId}`, headers: json, body: read });
    expect(own.json).toMatchObject({ data: { total: 0 } });
    // this process's SDK and the functions' own SDK (the upload function) still work
    expect((await sdkFor(emu).database().collection('c').count()).total).toBe(0);
    expect(emu.serviceUrl.startsWith(emu.url)).toBe(true);
  });

  test('allowNonLoopback widens Host to IP literals on purpose, never to a DNS name', async () => {
    const lan = await startEmulator({ host: '0.0.0.0', allowNonLoopback: true, personas, functionsDir: null });
    try {
      expect((await send(lan.port, { path: '/dev/personas', headers: { host: `192.168.1.20:${lan.port}` } })).status).toBe(200);
      expect((await send(lan.port, { path: '/dev/personas', headers: { host: `rebind.example:${lan.port}` } })).status).toBe(403);
    } finally {
      await lan.close();
    }
    expect((await send(emu.port, { path: '/dev/personas', headers: { host: `192.168.1.20:${emu.port}` } })).status).toBe(403);
  });
});

describe('10. only the creator writes a stored file', () => {
  const upload = (token: string, cloudPath: string, text: string) =>
    send(emu.port, { method: 'POST', path: `/api/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: text });

  test('H5 route: another user cannot overwrite a file; its creator can', async () => {
    const a = await devLogin(emu, { personaId: 'a' });
    const b = await devLogin(emu, { personaId: 'b' });
    expect((await upload(a.token, 'photo/v1/a/pipe.jpg', 'by a')).status).toBe(200);
    const taken = await upload(b.token, 'photo/v1/a/pipe.jpg', 'by b');
    expect(taken.status).toBe(403);
    expect(taken.json).toMatchObject({ code: 'storage_not_creator', errMsg: expect.any(String) });
    expect(emu.storage.read('photo/v1/a/pipe.jpg')?.toString()).toBe('by a');
    expect((await upload(a.token, 'photo/v1/a/pipe.jpg', 'again by a')).status).toBe(200);
    expect(emu.storage.read('photo/v1/a/pipe.jpg')?.toString()).toBe('again by a');
    expect(emu.storage.creatorOf('photo/v1/a/pipe.jpg')).toBe('o-user-a');
  });

  test('SDK signed upload inside a user\'s invocation: the same rule; admin (no user) writes anywhere', async () => {
    const first = await emu.invoke('upload', { path: 'voice/v1/a/note.mp3', text: 'a says' }, { openid: 'o-user-a' });
    expect(first.result).toMatchObject({ fileID: expect.stringContaining('voice/v1/a/note.mp3') });
    const overwrite = await emu.invoke('upload', { path: 'voice/v1/a/note.mp3', text: 'b says' }, { openid: 'o-user-b' });
    expect(overwrite.result).toMatchObject({ errCode: expect.any(Number) });
    expect(emu.storage.read('voice/v1/a/note.mp3')?.toString()).toBe('a says');
    // the H5 route and the SDK path share the record
    const b = await devLogin(emu, { personaId: 'b' });
    expect((await upload(b.token, 'voice/v1/a/note.mp3', 'b again')).status).toBe(403);
    await sdkFor(emu).uploadFile({ cloudPath: 'voice/v1/a/note.mp3', fileContent: Buffer.from('admin') });
    expect(emu.storage.read('voice/v1/a/note.mp3')?.toString()).toBe('admin');
    expect((await upload(b.token, 'seed/by-admin.jpg', 'x')).status).toBe(200); // a new path is free
  });

  test('the creator survives a restart on the same dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cunqun-creators-'));
    try {
      const first = await startEmulator({ dataDir, personas, functionsDir: null });
      const a = await devLogin(first, { personaId: 'a' });
      await send(first.port, { method: 'POST', path: '/api/storage/upload?cloudPath=photo/kept.jpg', headers: { authorization: `Bearer ${a.token}`, 'content-type': 'image/jpeg' }, body: 'a' });
      await first.close();
      const second = await startEmulator({ dataDir, personas, functionsDir: null });
      try {
        const b = await devLogin(second, { personaId: 'b' });
        const res = await send(second.port, { method: 'POST', path: '/api/storage/upload?cloudPath=photo/kept.jpg', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'image/jpeg' }, body: 'b' });
        expect(res.status).toBe(403);
        expect(second.storage.read('photo/kept.jpg')?.toString()).toBe('a');
      } finally {
        await second.close();
      }
    } finally {
      removeDir(dataDir);
    }
  });
});

describe('12. bad input is never a 500', () => {
  test('a malformed function name (/api/functions/%E0%A4%A) is a 400 with a clear message', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    const res = await send(emu.port, { method: 'POST', path: '/api/functions/%E0%A4%A', headers: { ...json, authorization: `Bearer ${token}` }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'bad_function_name', errMsg: expect.stringContaining('云函数名') });
    expect((await callH5(emu, token, 'echo', { action: 'still' })).body).toEqual({ result: { got: 'still' } });
  });
});

describe('13. dev sessions', () => {
  test('the store keeps no token in clear', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    const db = emu.store.db;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const everything = JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all()));
    expect(everything).not.toContain(token);
    expect((await callH5(emu, token, 'echo', { action: 'in' })).status).toBe(200);
  });

  test('a session ends a day of real time after login; moving the emulator clock does not end it', async () => {
    const { token } = await devLogin(emu, { personaId: 'a' });
    emu.clock.advance(8 * 86_400_000);
    try {
      expect((await callH5(emu, token, 'echo', { action: 'x' })).status).toBe(200);
    } finally {
      emu.clock.advance(-8 * 86_400_000);
    }
    const realNow = Date.now();
    const spy = jest.spyOn(Date, 'now');
    try {
      spy.mockReturnValue(realNow + 23 * 3_600_000);
      expect((await callH5(emu, token, 'echo', { action: 'x' })).status).toBe(200);
      spy.mockReturnValue(realNow + 24 * 3_600_000 + 60_000);
      const late = await callH5(emu, token, 'echo', { action: 'x' });
      expect(late.status).toBe(401);
      const upload = await send(emu.port, { method: 'POST', path: '/api/storage/upload?cloudPath=photo/late.jpg', headers: { authorization: `Bearer ${token}` }, body: 'x' });
      expect(upload.status).toBe(401);
    } finally {
      spy.mockRestore();
    }
  });
});
