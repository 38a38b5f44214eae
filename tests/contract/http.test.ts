/**
 * The emulator's HTTP face: malformed SDK requests answered with CloudBase-shaped errors (never a
 * crash), the dev login (loopback only), the H5 transport, the clock route, static files with the
 * index.html fallback, persistence across a restart, and refusing a non-loopback bind.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackAddress, startEmulator } from '../../emulator';
import { startTestEmulator, sdkFor, writeFunctions, removeDir, postWire, devLogin, callH5 } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('the emulator’s HTTP face: raw wire requests, dev login, static files, restarts');

const personas = [
  { id: 'resident', label: '村民 王大爷', openid: 'o-resident-wang', description: '住在一组的老人', elderMode: true },
  { id: 'worker', label: '网格员 小李', openid: 'o-worker-li', description: '一组网格员' },
];

describe('malformed SDK requests get CloudBase-shaped errors', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ functionsDir: null, collections: [{ name: 'c', indexes: [] }] });
  });
  afterAll(() => emu.close());

  const raw = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, env = emu.envId) =>
    fetch(`${emu.serviceUrl}?env=${env}`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: await r.json() }));

  test.each([
    ['not JSON', () => raw('{oops'), 'INVALID_PARAM'],
    ['a JSON array', () => raw('[1,2]'), 'INVALID_PARAM'],
    ['no action', () => raw('{"collectionName":"c"}'), 'INVALID_COMMON_PARAM'],
    ['unknown action', () => raw('{"action":"database.explode"}'), 'INVALID_ACTION'],
    ['unknown service', () => raw('{"action":"teleport.now"}'), 'INVALID_ACTION'],
    ['missing collection name', () => raw('{"action":"database.getDocument","queryType":"WHERE"}'), 'INVALID_PARAM'],
    ['bad EJSON in query', () => raw('{"action":"database.getDocument","collectionName":"c","query":"{\\"a\\":{\\"$date\\":\\"nope\\"}"}'), 'INVALID_PARAM'],
    ['query is not JSON', () => raw('{"action":"database.getDocument","collectionName":"c","query":"{{"}'), 'INVALID_PARAM'],
    ['limit 0', () => raw('{"action":"database.getDocument","collectionName":"c","limit":0}'), 'INVALID_PARAM'],
    ['limit 1001', () => raw('{"action":"database.getDocument","collectionName":"c","limit":1001}'), 'INVALID_PARAM'],
    ['negative offset', () => raw('{"action":"database.getDocument","collectionName":"c","offset":-1}'), 'INVALID_PARAM'],
    ['bad order direction', () => raw('{"action":"database.getDocument","collectionName":"c","order":"{\\"a\\":2}"}'), 'INVALID_PARAM'],
    ['insert without data', () => raw('{"action":"database.insertDocument","collectionName":"c"}'), 'INVALID_PARAM'],
    ['insert of a non-object', () => raw('{"action":"database.insertDocument","collectionName":"c","data":["5"]}'), 'INVALID_PARAM'],
    ['update with an unknown operator', () => raw('{"action":"database.modifyDocument","collectionName":"c","queryType":"WHERE","query":"{}","data":"{\\"$zap\\":{\\"a\\":1}}","merge":true}'), 'DATABASE_INVALID_OPERRATOR'],
    ['$where in a query', () => raw('{"action":"database.getDocument","collectionName":"c","query":"{\\"$where\\":\\"1\\"}"}'), 'DATABASE_INVALID_OPERRATOR'],
    ['where-update without a query', () => raw('{"action":"database.modifyDocument","collectionName":"c","queryType":"WHERE","data":"{\\"$set\\":{\\"a\\":1}}","merge":true}'), 'INVALID_PARAM'],
    ['a doc update without _id', () => raw('{"action":"database.modifyDocument","collectionName":"c","queryType":"DOC","data":"{\\"$set\\":{\\"a\\":1}}","merge":true}'), 'INVALID_PARAM'],
    ['a doc remove whose query is not an _id', () => raw('{"action":"database.removeDocument","collectionName":"c","queryType":"DOC","query":"{\\"a\\":1}"}'), 'INVALID_PARAM'],
    ['aggregate without stages', () => raw('{"action":"database.aggregateDocuments","collectionName":"c"}'), 'INVALID_PARAM'],
    ['wrong env', () => raw('{"action":"database.getDocument","collectionName":"c"}', undefined, 'other-env'), 'INVALID_ENV'],
    ['invokeFunction without a name', () => raw('{"action":"functions.invokeFunction"}'), 'INVALID_PARAM'],
    ['invokeFunction of a missing function', () => raw('{"action":"functions.invokeFunction","function_name":"ghost","request_data":"{}"}'), 'ResourceNotFound.Function'],
    ['storage with bad params', () => raw('{"action":"storage.batchGetDownloadUrl"}'), 'INVALID_PARAM'],
    ['multipart garbage', () => raw('garbage', { 'content-type': 'multipart/form-data; boundary=xyz' }), 'INVALID_PARAM'],
  ])('%s', async (_name, send, code) => {
    const res = await send();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  });

  test('openapi with a requestData that is not protobuf', async () => {
    const boundary = 'b0undary';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="action"', '', 'wx.openApi', `--${boundary}`, 'Content-Disposition: form-data; name="apiName"', '', 'security.msgSecCheck', `--${boundary}`, 'Content-Disposition: form-data; name="requestData"', 'Content-Type: application/octet-stream', '', '\u00ff\u00ff\u00ff', `--${boundary}--`, ''].join('\r\n');
    const res = await raw(body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.body.code).toBe('INVALID_PARAM');
  });

  test('GET on the wire is refused with 405; the emulator keeps answering', async () => {
    expect((await fetch(emu.serviceUrl)).status).toBe(405);
    expect((await postWire(emu, { action: 'database.calculateDocument', collectionName: 'c' })).data.total).toBe(0);
  });

  test('the SDK sees these as rejections with CloudBase codes', async () => {
    const db = sdkFor(emu).database();
    await expect(db.collection('c').where({ a: db.RegExp({ regexp: '(' }) }).get()).rejects.toMatchObject({ errCode: -502001 });
  });
});

describe('dev login and the H5 transport', () => {
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    dir = writeFunctions({
      me: { source: `exports.main = async (event) => ({ ctx: require('wx-server-sdk').getWXContext(), event });` },
      boom: { source: `exports.main = async () => { throw new Error('坏了'); };` },
    });
    emu = await startTestEmulator({ functionsDir: dir, personas, logFunctionErrors: false });
  });
  afterAll(async () => {
    await emu.close();
    removeDir(dir);
  });

  test('the loopback check: 127.x and ::1 are local, everything else is not', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.168.1.20', '10.0.0.1', '::ffff:192.168.1.2', 'fe80::1', '0.0.0.0', '', undefined, '128.0.0.1']) expect(isLoopbackAddress(a)).toBe(false);
  });

  test('GET /dev/personas lists the demo personas', async () => {
    const res = await fetch(`${emu.url}/dev/personas`).then((r) => r.json());
    expect(res.personas).toEqual(personas);
  });

  test('login as a persona, then call a function as that user over /api/functions', async () => {
    const login = await devLogin(emu, { personaId: 'worker' });
    expect(login).toMatchObject({ openid: 'o-worker-li', persona: personas[1] });
    expect(login.token).toMatch(/^[0-9a-f]{48}$/);
    const res = await callH5(emu, login.token, 'me', { action: 'whoami', payload: {}, group: { cloudID: 'dev-opengid:G1' } });
    expect(res.status).toBe(200);
    expect(res.body.result.ctx).toMatchObject({ OPENID: 'o-worker-li', SOURCE: 'wx_client', APPID: emu.appid });
    expect(res.body.result.event.group).toEqual({ cloudID: 'dev-opengid:G1' });
  });

  test('a new visitor gets a fresh openid each time', async () => {
    const a = await devLogin(emu, { newVisitor: true });
    const b = await devLogin(emu, { newVisitor: true });
    expect(a.openid).toMatch(/^o[\w-]{27}$/);
    expect(a.openid).not.toBe(b.openid);
    expect(a.persona).toBeNull();
  });

  test('an unknown persona is 404; no token or a bad token is 401', async () => {
    expect((await fetch(`${emu.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personaId: 'nobody' }) })).status).toBe(404);
    expect((await callH5(emu, 'not-a-token', 'me', {})).status).toBe(401);
    const res = await fetch(`${emu.url}/api/functions/me`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errCode: expect.any(Number), errMsg: expect.any(String) });
  });

  test('a failing invocation answers { errCode, errMsg }', async () => {
    const { token } = await devLogin(emu, { personaId: 'resident' });
    const res = await callH5(emu, token, 'boom', {});
    expect(res.body).toEqual({ errCode: -504002, errMsg: expect.stringContaining('坏了') });
  });

  test('POST /dev/clock moves the emulator clock', async () => {
    const before = emu.clock.now();
    const res = await fetch(`${emu.url}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 86_400_000 }) }).then((r) => r.json());
    expect(res.now - before).toBeGreaterThanOrEqual(86_400_000);
    expect(emu.clock.now() - before).toBeGreaterThanOrEqual(86_400_000);
    emu.clock.advance(-86_400_000);
  });
});

describe('static files', () => {
  test('serves the H5 build with index.html fallback, refuses traversal', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'cunqun-h5-'));
    mkdirSync(join(staticDir, 'js'));
    writeFileSync(join(staticDir, 'index.html'), '<html>村群</html>');
    writeFileSync(join(staticDir, 'js', 'app.js'), 'console.log(1)');
    const emu = await startTestEmulator({ functionsDir: null, staticDir });
    try {
      const js = await fetch(`${emu.url}/js/app.js`);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(await js.text()).toBe('console.log(1)');
      expect(await fetch(`${emu.url}/pages/grid/index`).then((r) => r.text())).toBe('<html>村群</html>');
      expect(await fetch(`${emu.url}/%2e%2e/%2e%2e/etc/passwd`).then((r) => r.text())).not.toContain('root:');
    } finally {
      await emu.close();
      removeDir(staticDir);
    }
  });

  test('without a build, a short Chinese page says how to build it', async () => {
    const emu = await startTestEmulator({ functionsDir: null, staticDir: join(tmpdir(), 'does-not-exist-h5') });
    try {
      const res = await fetch(`${emu.url}/`);
      expect(await res.text()).toContain('H5 未构建，请运行 npm run build:h5');
    } finally {
      await emu.close();
    }
  });
});

describe('lifecycle', () => {
  test('refuses to bind a non-loopback address unless allowed', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/非回环/);
  });

  test('with allowNonLoopback it binds all interfaces and still reaches itself over loopback', async () => {
    const emu = await startEmulator({ host: '0.0.0.0', allowNonLoopback: true, collections: [{ name: 'c', indexes: [] }] });
    try {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await sdkFor(emu).database().collection('c').count()).total).toBe(0);
    } finally {
      await emu.close();
    }
  });

  test('documents, files, sessions and the clock survive a restart on the same dataDir; close() is idempotent', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cunqun-data-'));
    try {
      const first = await startEmulator({ dataDir, personas, collections: [{ name: 'notes', indexes: [{ name: 'k', keys: { k: 1 } }] }] });
      const cloud = sdkFor(first);
      await cloud.database().collection('notes').add({ data: { _id: 'n1', k: 'kept', at: new Date('2024-01-02T03:04:05Z') } });
      const up = await cloud.uploadFile({ cloudPath: 'keep/me.txt', fileContent: Buffer.from('still here') });
      const { token } = await devLogin(first, { personaId: 'resident' });
      first.clock.advance(7 * 86_400_000);
      await Promise.all([first.close(), first.close()]);
      await first.close();

      const second = await startEmulator({ dataDir, personas, collections: [{ name: 'notes', indexes: [{ name: 'k', keys: { k: 1 } }] }], functionsDir: null });
      try {
        const cloud2 = sdkFor(second);
        const doc = await cloud2.database().collection('notes').doc('n1').get();
        expect(doc.data).toEqual({ _id: 'n1', k: 'kept', at: new Date('2024-01-02T03:04:05Z') });
        expect(Buffer.from((await cloud2.downloadFile({ fileID: up.fileID })).fileContent).toString()).toBe('still here');
        expect(second.store.findSession(token, Date.now())?.openid).toBe('o-resident-wang');
        expect(second.clock.offset()).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
      } finally {
        await second.close();
      }
    } finally {
      removeDir(dataDir);
    }
  });
});
