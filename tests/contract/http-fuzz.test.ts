/**
 * A request fuzzer over the emulator's HTTP edge (issue 16): seeded random requests — every route, every
 * method, odd and missing headers (Host, Origin, Content-Type, Authorization), bodies nested up to 100,000
 * levels, over the size limit, bad UTF-8, lone surrogates, random bytes, and raw socket bytes no client
 * would send. Every answer must come (no hang), none may be a 5xx, no answer carries a CORS header, a
 * foreign Host or Origin never gets a 2xx — and afterwards every function still answers.
 *
 * Quick mode (npm test): 300 requests. More: CUNQUN_FUZZ_REQUESTS=5000; another sequence: CUNQUN_FUZZ_SEED=n.
 * Loopback only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../../emulator';
import { callH5, devLogin, FUNCTION_PREAMBLE, removeDir, startTestEmulator, writeFunctions } from '../support/emulator';
import { RawAnswer, send, sendRaw } from '../support/raw-http';
import { seededRandom } from '../../bench/support/seeded-random';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('fuzzes the emulator’s own HTTP edge');

const REQUESTS = Number(process.env.CUNQUN_FUZZ_REQUESTS ?? 300);
const SEED = Number(process.env.CUNQUN_FUZZ_SEED ?? 16);
const SLOTS = 2;
const PARALLEL = 6;

/** the same seed gives the same requests, so a failure can be replayed */
const prng = seededRandom;

let emu: Emulator;
let fnDir: string;
let staticDir: string;
let token: string;
let secretPath: string;

beforeAll(async () => {
  fnDir = writeFunctions({
    echo: { source: `exports.main = async (event) => ({ got: event && event.action });` },
    note: {
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  const res = await db.collection('notes').add({ data: { text: String(event && event.action), openid: cloud.getWXContext().OPENID } });
  return { id: res._id };
};`,
    },
  });
  staticDir = mkdtempSync(join(tmpdir(), 'cunqun-fuzz-h5-'));
  writeFileSync(join(staticDir, 'index.html'), '<html>村群</html>');
  emu = await startTestEmulator({
    functionsDir: fnDir,
    staticDir,
    personas: [{ id: 'a', label: '村民', openid: 'o-fuzz-a', description: '' }],
    collections: [{ name: 'notes', indexes: [] }],
    workersPerFunction: SLOTS,
    logFunctionErrors: false,
  });
  token = (await devLogin(emu, { personaId: 'a' })).token;
  secretPath = new URL(emu.serviceUrl).pathname;
});

afterAll(async () => {
  await emu.close();
  removeDir(fnDir);
  removeDir(staticDir);
});

interface Case {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string | null>;
  body?: string | Buffer;
  /** the request names a foreign Host or Origin: it must never succeed */
  foreign: boolean;
}

function generator(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const nested = (depth: number) => {
    const open = chance(0.5) ? '[' : '{"k":';
    const close = open === '[' ? ']' : '}';
    return `{"action":"deep","payload":${open.repeat(depth)}1${close.repeat(depth)}}`;
  };
  const names = ['echo', 'note', 'ghost', '%E0%A4%A', '%', '%00', '..%2F..%2Fetc', 'a'.repeat(300), '%F0%9F%98%80', '%C0%AF', 'echo%2Fx', encodeURIComponent('函数'), '%ff%fe'];
  const cloudPaths = () => pick([`photo/fuzz-${Math.floor(random() * 20)}.jpg`, '../x', '%E0%A4%A', '', 'a/./b', 'photo/%00.jpg', 'x'.repeat(2000), '/abs/path.jpg', 'photo\\win.jpg']);
  const paths = () =>
    chance(0.45) ? `/api/functions/${chance(0.7) ? pick(['echo', 'note']) : pick(names)}` : pick([
      () => `/api/functions/${pick(names)}`,
      () => `/api/functions/${pick(names)}`,
      () => `/api/functions/${pick(names)}`,
      () => pick(['/api/functions/', '/api/functions/echo/extra', '/api/nothing', '/api']),
      () => `/api/storage/upload?cloudPath=${cloudPaths()}`,
      () => `/api/storage/file?fileID=${pick(['%', 'cloud://x/y', emu.storage.fileId('photo/fuzz-1.jpg'), '', '%E0%A4%A'])}`,
      () => pick(['/dev/login', '/dev/clock', '/dev/outbox', '/dev/outbox?format=html', '/dev/personas', '/dev/zzz', '/dev/']),
      () => pick(['/admin', `${secretPath}?env=${emu.envId}`, `${secretPath}/w/echo-1?env=${emu.envId}`, '/admin/w/echo-1', `${secretPath}?env=other`]),
      () => pick(['/storage/upload/abc', '/storage/upload/zz', '/storage/file/%E0', '/storage/file/a?t=x&sign=y', '/storage/file/']),
      () => pick(['/', '/index.html', '/%', '/%2e%2e/%2e%2e/etc/passwd', '//double', '/a?%zz=1', `/?${'x'.repeat(5000)}`, '/js/%ff.js']),
    ])();
  const bodies = (): string | Buffer | undefined =>
    pick([
      () => JSON.stringify({ action: 'fine', payload: { n: random() }, requestId: `r${random()}` }),
      () => JSON.stringify({ action: 'fine', payload: { n: random() }, requestId: `r${random()}` }),
      () => nested(pick([10, 60, 63, 64, 65, 100, 1000, 5000, 100_000])),
      () => nested(pick([10, 60, 63, 64, 65, 100, 1000, 5000, 100_000])),
      () => (chance(0.15) ? `{"action":"big","payload":"${'x'.repeat(6 * 1024 * 1024 + 10)}"}` : `{"action":"mid","payload":"${'y'.repeat(100_000)}"}`),
      () => Buffer.concat([Buffer.from('{"action":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      () => '{"action":"\\ud800","payload":{"\\udfff":"\\u0000\\u202e\\u0007"}}',
      () => `\ufeff{"action":"bom"}`,
      () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
      () => '',
      () => pick(['1e999', '-0', 'null', '"str"', '[]', 'true', '{', '{"a":', '{'.repeat(200), ']]]]', '{"action":"x"}garbage']),
      () => '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"action":"proto"}',
      () => `{"action":"${'['.repeat(1000)}"}`,
      () => pick(['{"advanceMs":1e308}', '{"setMs":-1e20}', '{"advanceMs":"1"}', '{"setMs":8.64e15}', '{"advanceMs":60000}', '{"personaId":"a"}', '{"newVisitor":true}', '{"personaId":{"$ne":null}}']),
      () => undefined,
    ])();
  const hostFor = (): { value: string | null; foreign: boolean } =>
    chance(0.9)
      ? { value: pick([`127.0.0.1:${emu.port}`, `localhost:${emu.port}`, `[::1]:${emu.port}`]), foreign: false }
      : pick([
          { value: `evil.example:${emu.port}`, foreign: true },
          { value: `127.0.0.1:${emu.port + 1}`, foreign: true },
          { value: '127.0.0.1', foreign: true },
          { value: `192.168.1.20:${emu.port}`, foreign: true },
          { value: 'a b', foreign: true },
          { value: '[::1', foreign: true },
          { value: `127.0.0.1:${emu.port}.evil.example`, foreign: true },
        ]);
  const originFor = (): { value: string | null; foreign: boolean } =>
    chance(0.8)
      ? { value: null, foreign: false }
      : pick([
          { value: `http://127.0.0.1:${emu.port}`, foreign: false },
          { value: 'http://evil.example', foreign: true },
          { value: 'null', foreign: true },
          { value: `https://127.0.0.1:${emu.port}`, foreign: true },
          { value: 'garbage', foreign: true },
        ]);

  return (i: number): Case => {
    const host = hostFor();
    const origin = originFor();
    // a page may send its own origin only to the host it was loaded from
    const ownOrigin = origin.value === `http://127.0.0.1:${emu.port}`;
    const foreign = host.foreign || origin.foreign || (ownOrigin && host.value !== `127.0.0.1:${emu.port}`);
    const method = chance(0.75) ? 'POST' : pick(['GET', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    const headers: Record<string, string | null> = {
      host: host.value,
      origin: origin.value,
      'content-type': chance(0.8) ? pick(['application/json', 'application/json; charset=utf-8']) : pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/json; charset=utf-16', 'application/jsonx', 'image/jpeg', null]),
      authorization: chance(0.85) ? `Bearer ${token}` : pick([null, 'Bearer', `Bearer ${'x'.repeat(5000)}`, 'Basic YTpi', `Bearer ${token} extra`, `bearer ${token}`]),
      accept: pick(['application/json', 'text/html', '*/*', null]),
    };
    const path = paths();
    const body = method === 'GET' || method === 'HEAD' ? undefined : bodies();
    return { label: `#${i} ${method} ${path.slice(0, 80)}`, method, path, headers, body, foreign };
  };
}

/** Raw bytes no HTTP client sends: bad UTF-8 in the request line, no Host, chunked deep JSON, junk, oversize headers. */
function rawCases(port: number): Array<{ label: string; bytes: Buffer }> {
  const line = (s: string) => Buffer.from(s, 'latin1');
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  const chunked = Buffer.concat([
    line(`POST /api/functions/echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`),
    line(`${deep.length.toString(16)}\r\n${deep}\r\n0\r\n\r\n`),
  ]);
  return [
    { label: 'bad UTF-8 in the path', bytes: line(`GET /\xff\xfe\xc0 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`) },
    { label: 'bad UTF-8 in a function name', bytes: line(`POST /api/functions/\xe0\xa4 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`) },
    { label: 'HTTP/1.0 without Host', bytes: line('GET /dev/personas HTTP/1.0\r\n\r\n') },
    { label: 'absolute-form target', bytes: line(`GET http://evil.example/dev/personas HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`) },
    { label: 'asterisk target', bytes: line(`OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`) },
    { label: 'bad UTF-8 in a header value', bytes: line(`GET /dev/personas HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-A: \xff\xfe\r\nConnection: close\r\n\r\n`) },
    { label: 'two Host headers', bytes: line(`GET /dev/personas HTTP/1.1\r\nHost: evil.example:${port}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`) },
    { label: 'chunked, 20,000 levels', bytes: chunked },
    { label: 'body shorter than Content-Length, then closed', bytes: line(`POST /api/functions/echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"action":`) },
    { label: 'garbage', bytes: Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]) },
    { label: 'a 20 KB header', bytes: line(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`) },
    { label: 'unknown method', bytes: line(`BREW /api/functions/echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`) },
    { label: 'both Content-Length and chunked', bytes: line(`POST /dev/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`) },
  ];
}

test(`${REQUESTS} fuzzed requests (seed ${SEED}): no 5xx, no hang, no CORS, nothing foreign succeeds; the functions answer afterwards`, async () => {
  const internalErrors: unknown[][] = [];
  const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void internalErrors.push(args));
  const clockBefore = emu.clock.now();
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const dropped: string[] = [];
  try {
    const next = generator(prng(SEED));
    const cases = Array.from({ length: REQUESTS }, (_, i) => next(i));
    for (let start = 0; start < cases.length; start += PARALLEL) {
      await Promise.all(
        cases.slice(start, start + PARALLEL).map(async (c) => {
          let res: RawAnswer;
          try {
            res = await send(emu.port, { method: c.method, path: c.path, headers: c.headers, body: c.body, timeoutMs: 15_000 });
          } catch (e) {
            // the server may close a refused connection while a large body is still being sent; a hang is a failure
            if (/no answer within/.test((e as Error).message)) problems.push(`${c.label}: ${(e as Error).message}`);
            else dropped.push(`${c.label}: ${(e as Error).message}`);
            return;
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) problems.push(`${c.label}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
          if (res.headers['access-control-allow-origin'] !== undefined) problems.push(`${c.label}: CORS header ${res.headers['access-control-allow-origin']}`);
          if (c.foreign && res.status < 300) problems.push(`${c.label}: foreign Host/Origin answered ${res.status}`);
          if ((c.path.startsWith('/api/') || c.path.startsWith('/dev/')) && res.status >= 400 && c.method !== 'HEAD' && res.json && typeof res.json.errMsg !== 'string') {
            problems.push(`${c.label}: refusal without errMsg ${res.body.slice(0, 200)}`);
          }
          if (typeof res.json?.code === 'string' && /^[a-z_]+$/.test(res.json.code) && !/[\u4e00-\u9fff]/.test(String(res.json.errMsg))) {
            problems.push(`${c.label}: refusal ${res.json.code} without a Chinese message`);
          }
        }),
      );
      // a hang is reported as soon as it is seen (the rest would only wait on the same lost slots)
      if (problems.some((p) => p.includes('no answer within'))) break;
    }
    for (const raw of rawCases(emu.port)) {
      try {
        const res = await sendRaw(emu.port, raw.bytes, 15_000);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) problems.push(`raw ${raw.label}: HTTP ${res.status}`);
        if (/access-control-allow-origin/i.test(res.text)) problems.push(`raw ${raw.label}: CORS header`);
      } catch (e) {
        problems.push(`raw ${raw.label}: ${(e as Error).message}`);
      }
    }
  } finally {
    consoleError.mockRestore();
    emu.clock.set(clockBefore);
  }
  if (process.env.CUNQUN_FUZZ_VERBOSE) console.log({ statuses: [...statuses].sort((a, b) => a[0] - b[0]), dropped });
  expect(problems).toEqual([]);
  // a connection may be closed under a large body the edge refused unread; rarely, never as a rule
  expect(dropped.length).toBeLessThanOrEqual(Math.ceil(REQUESTS * 0.05));
  expect(internalErrors.filter((args) => /request failed|wire error/.test(String(args[0])))).toEqual([]);
  // the fuzz reached the functions and the refusals, not only the parser
  expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 20);
  expect(statuses.get(400)).toBeGreaterThan(0);
  expect(statuses.get(403)).toBeGreaterThan(0);

  // afterwards: every slot of every function answers, through the H5 route and directly
  const h5 = await Promise.all(Array.from({ length: SLOTS * 2 }, (_, i) => callH5(emu, token, i % 2 ? 'echo' : 'note', { action: `after-${i}` })));
  for (const [i, r] of h5.entries()) {
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual(i % 2 ? { got: `after-${i}` } : { id: expect.any(String) });
  }
  const direct = await Promise.all(Array.from({ length: SLOTS * 2 }, () => emu.invoke('echo', { action: 'direct' }, { openid: 'o-fuzz-b' })));
  for (const r of direct) expect(r.result).toEqual({ got: 'direct' });
  expect(emu.instanceCount('echo')).toBeLessThanOrEqual(SLOTS);
  expect((await fetch(`${emu.url}/dev/personas`)).status).toBe(200);
}, 180_000);
