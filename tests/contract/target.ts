/**
 * What the contract suites run against. By default a fresh emulator (in memory, random port); with
 * `CUNQUN_CONTRACT_ENV=<envId>` a real CloudBase environment, reached by wx-server-sdk with the
 * credentials @cloudbase/node-sdk reads outside CloudBase: TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY
 * and, for temporary keys, TENCENTCLOUD_SESSIONTOKEN (optional TENCENTCLOUD_REGION). On a real environment
 * every collection a suite uses is named with a per-run prefix, created at the start and emptied at the end,
 * so the environment's own data is never touched. What only an emulator can do (move its clock, read its
 * SQLite plans, post malformed wire requests, start functions from a folder) is skipped there, with the
 * reason printed.
 */
import { randomBytes } from 'node:crypto';
import type { Emulator, EmulatorOptions } from '../../emulator';
import { sdkFor, startTestEmulator } from '../support/emulator';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const CONTRACT_ENV_VARIABLE = 'CUNQUN_CONTRACT_ENV';

/** The wx-server-sdk init options for a real environment: no serviceUrl, so the SDK goes to Tencent. */
export interface CloudBaseInit {
  env: string;
  secretId: string;
  secretKey: string;
  sessionToken?: string;
  region?: string;
}

export type TargetConfig =
  | { kind: 'emulator' }
  | {
      kind: 'cloudbase';
      init: CloudBaseInit;
      /** prepended to every collection name of this run */
      prefix: string;
    };

/**
 * Decides the target from the environment, without touching the network. A set variable with a missing
 * credential is an error: a contract run that silently fell back to the emulator would prove nothing.
 */
export function contractTargetConfig(env: Record<string, string | undefined> = process.env): TargetConfig {
  const envId = env[CONTRACT_ENV_VARIABLE]?.trim();
  if (!envId) return { kind: 'emulator' };
  const missing = ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((name) => !env[name]?.trim());
  if (missing.length) {
    throw new Error(
      `${CONTRACT_ENV_VARIABLE}=${envId} asks for a real CloudBase environment, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
        'Set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for a temporary key), or unset the variable to run against the emulator.',
    );
  }
  const init: CloudBaseInit = { env: envId, secretId: env.TENCENTCLOUD_SECRETID!.trim(), secretKey: env.TENCENTCLOUD_SECRETKEY!.trim() };
  if (env.TENCENTCLOUD_SESSIONTOKEN?.trim()) init.sessionToken = env.TENCENTCLOUD_SESSIONTOKEN.trim();
  if (env.TENCENTCLOUD_REGION?.trim()) init.region = env.TENCENTCLOUD_REGION.trim();
  return { kind: 'cloudbase', init, prefix: runPrefix() };
}

/** `ct_<time>_<random>_`: letters, digits and underscores, as CloudBase allows in collection names. */
export function runPrefix(now = Date.now()): string {
  return `ct_${now.toString(36)}_${randomBytes(3).toString('hex')}_`;
}

type CollectionSpecs = NonNullable<EmulatorOptions['collections']>;

export interface ContractTarget {
  kind: TargetConfig['kind'];
  /** a wx-server-sdk instance (cloud.database(), cloud.callFunction …) */
  cloud: any;
  db: any;
  /** the collection name this run uses for a suite's name (prefixed on a real environment) */
  name(collection: string): string;
  /** the emulator, when that is the target (null on CloudBase) */
  emulator: Emulator | null;
  close(): Promise<void>;
}

let config: TargetConfig | undefined;
/** the target of this test file (decided once, so the prefix is one per run of a file) */
export function currentTargetConfig(): TargetConfig {
  return (config ??= contractTargetConfig());
}

export const onRealCloudBase = (): boolean => currentTargetConfig().kind === 'cloudbase';

/**
 * Opens the target with these collections. On the emulator they are declared with their indexes; on
 * CloudBase they are created under this run's prefix (indexes there are made in the console, so a suite
 * never depends on one for correctness) and emptied by close().
 */
export async function openContractTarget(collections: CollectionSpecs, options: EmulatorOptions = {}): Promise<ContractTarget> {
  const cfg = currentTargetConfig();
  if (cfg.kind === 'emulator') {
    const emu = await startTestEmulator({ functionsDir: null, collections, ...options });
    const cloud = sdkFor(emu);
    return { kind: 'emulator', cloud, db: cloud.database(), name: (c) => c, emulator: emu, close: () => emu.close() };
  }
  const cloud = cloudBaseSdk(cfg.init);
  const db = cloud.database();
  const name = (c: string) => `${cfg.prefix}${c}`;
  for (const c of collections) await db.createCollection(name(c.name));
  return {
    kind: 'cloudbase',
    cloud,
    db,
    name,
    emulator: null,
    async close() {
      const _ = db.command;
      for (const c of collections) await db.collection(name(c.name)).where({ _id: _.exists(true) }).remove();
    },
  };
}

/** wx-server-sdk pointed at a real environment (the same call a CloudBase function makes, plus keys). */
export function cloudBaseSdk(init: CloudBaseInit): any {
  // the emulator helpers set TENCENTCLOUD=true (it spares the SDK a metadata probe); on a machine outside
  // Tencent Cloud it would also send every request to the internal endpoint, unreachable from here
  if (process.env.TENCENTCLOUD === 'true') delete process.env.TENCENTCLOUD;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  return cloud.createNewInstance(init);
}

/** Why a test is emulator-only, printed once per file when it is skipped. */
const printed = new Set<string>();
function announceSkip(reason: string): void {
  if (printed.has(reason)) return;
  printed.add(reason);
  // eslint-disable-next-line no-console
  console.warn(`[contract] skipped on CloudBase ${currentTargetConfig().kind === 'cloudbase' ? (currentTargetConfig() as { init: CloudBaseInit }).init.env : ''}: ${reason}`);
}

/** `test` on the emulator; on CloudBase a skipped test whose name carries the reason. */
export function emulatorOnlyTest(reason: string): jest.It {
  if (!onRealCloudBase()) return test;
  announceSkip(reason);
  const skipped = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => test.skip(`${name} [emulator only: ${reason}]`, fn, timeout)) as unknown as jest.It;
  return Object.assign(skipped, { each: (table: any) => (name: string, fn: any) => test.skip.each(table)(`${name} [emulator only: ${reason}]`, fn) }) as jest.It;
}

/** `describe` on the emulator; on CloudBase the whole block is skipped and the reason printed. */
export function emulatorOnlySuite(reason: string): jest.Describe {
  if (!onRealCloudBase()) return describe;
  announceSkip(reason);
  return ((name: string, fn: jest.EmptyFunction) => describe.skip(`${name} [emulator only: ${reason}]`, fn)) as unknown as jest.Describe;
}

/**
 * Marks a whole test file emulator-only: on CloudBase each of its describe/test blocks is registered as
 * skipped (the names stay in the report, with the reason) and its hooks do nothing, so no emulator is
 * started. Call it first, before any describe, test or hook: jest gives every file its own globals.
 */
export function emulatorOnlyFile(reason: string): void {
  if (!onRealCloudBase()) return;
  announceSkip(reason);
  const g = globalThis as any;
  // the originals, taken before they are replaced (this module reads the same globals)
  const [describeSkip, testSkip] = [describe.skip, test.skip];
  const tag = (name: string) => `${name} [emulator only: ${reason}]`;
  const skipDescribe = (name: string, fn: jest.EmptyFunction) => describeSkip(tag(name), fn);
  g.describe = Object.assign(skipDescribe, { skip: skipDescribe, only: skipDescribe, each: (table: any) => (name: string, fn: any) => describeSkip.each(table)(tag(name), fn) });
  const skipTest = (name: string, fn?: jest.ProvidesCallback, timeout?: number) => testSkip(tag(name), fn, timeout);
  g.test = g.it = Object.assign(skipTest, { skip: skipTest, only: skipTest, concurrent: skipTest, each: (table: any) => (name: string, fn: any) => testSkip.each(table)(tag(name), fn) });
  const nothing = () => undefined;
  g.beforeAll = g.afterAll = g.beforeEach = g.afterEach = nothing;
}
