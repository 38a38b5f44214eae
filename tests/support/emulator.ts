/**
 * Shared test helpers for the emulator: start one in memory on a random port, get a real wx-server-sdk
 * pointed at it, write throw-away cloud functions, log in through the dev login and call the H5 route.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, Emulator, EmulatorOptions } from '../../emulator';
import { deliberationFunctionEnv } from '../../demo/deliberation-key';

export const REPO_ROOT = join(__dirname, '..', '..');
export const FUNCTIONS_DIR = join(REPO_ROOT, 'cloudfunctions');

type CollectionSpecs = NonNullable<EmulatorOptions['collections']>;

/** server/collections.ts, when it exists (it is declared by the server work). */
export function declaredCollections(): CollectionSpecs {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(join(REPO_ROOT, 'server', 'collections'));
    return (mod.collections ?? []) as CollectionSpecs;
  } catch {
    return [];
  }
}

/**
 * An emulator in memory on a random port. Defaults: functionsDir = cloudfunctions/, collections =
 * server/collections.ts, timers manual. Remember `await emu.close()` in afterAll/afterEach.
 */
export function startTestEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    port: 0,
    dataDir: null,
    functionsDir: FUNCTIONS_DIR,
    collections: declaredCollections(),
    timers: 'manual',
    ...opts,
    // the deliberation function's ballot key, as CloudBase holds it in the function's environment
    functionEnv: { ...deliberationFunctionEnv(opts.dataDir ?? null), ...opts.functionEnv },
  });
}

/**
 * A wx-server-sdk instance in the test process, pointed at this emulator only (as the bench and npm start do).
 * The same as demo/start-demo's, kept here so the emulator's tests load no server code (the demo seeds
 * through the functions' modules).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sdkFor(emu: Pick<Emulator, 'envId' | 'serviceUrl'>): any {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  return cloud.createNewInstance({ env: emu.envId, serviceUrl: emu.serviceUrl, secretId: 'local', secretKey: 'local' });
}

export interface TempFunction {
  /** index.js source (CommonJS, exports.main) */
  source: string;
  /** config.json contents, e.g. { timeout: 1, triggers: [...] } */
  config?: Record<string, unknown>;
}

/**
 * Writes throw-away cloud functions into a fresh temp folder and returns it (use as functionsDir).
 * `require('wx-server-sdk')` works inside them: the function host falls back to the repo's node_modules.
 */
export function writeFunctions(functions: Record<string, TempFunction>, dir = mkdtempSync(join(tmpdir(), 'cunqun-fns-'))): string {
  for (const [name, fn] of Object.entries(functions)) {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.js'), fn.source);
    if (fn.config) writeFileSync(join(folder, 'config.json'), JSON.stringify(fn.config, null, 2));
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The preamble test functions use to reach the emulator the way the kernel does: cloud.init with
 * CUNQUN_SERVICE_URL as serviceUrl (only when set) and credentials 'local'.
 */
export const FUNCTION_PREAMBLE = `
const cloud = require('wx-server-sdk');
cloud.init(process.env.CUNQUN_SERVICE_URL
  ? { env: cloud.DYNAMIC_CURRENT_ENV, serviceUrl: process.env.CUNQUN_SERVICE_URL, secretId: 'local', secretKey: 'local' }
  : { env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
`;

/** POST /dev/login → { token, openid, persona } */
export async function devLogin(emu: Pick<Emulator, 'url'>, body: { personaId: string } | { newVisitor: true }): Promise<{ token: string; openid: string; persona: unknown }> {
  const res = await fetch(`${emu.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`dev login failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; openid: string; persona: unknown };
}

/** POST /api/functions/<name> as the H5 transport does → { result } or { errCode, errMsg } */
export async function callH5(emu: Pick<Emulator, 'url'>, token: string, name: string, event: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}/api/functions/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(event),
  });
  return { status: res.status, body: await res.json() };
}

/** POST a raw body to the SDK wire, for malformed-request tests. */
export async function postWire(emu: Pick<Emulator, 'serviceUrl' | 'envId'>, body: string | object, path = ''): Promise<any> {
  const res = await fetch(`${emu.serviceUrl}${path}?env=${emu.envId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return res.json();
}
