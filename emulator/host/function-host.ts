/**
 * The function host: per cloud function a pool of worker threads (lazily started, up to
 * workersPerFunction, FIFO queue beyond), each running one invocation at a time with the caller's
 * identity in its own process.env. Timeouts terminate the worker; crashes become error answers.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';

export interface TriggerSpec {
  name: string;
  type: string;
  config: string;
}

export interface FunctionInfo {
  name: string;
  dir: string;
  timeoutSec: number;
  triggers: TriggerSpec[];
}

export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** getWXContext().SOURCE: wx_client, wx_client,scf, wx_trigger … */
  source?: string;
  clientIp?: string;
}

export interface InvocationRecord {
  id: string;
  fn: string;
  action: string | null;
  identity: CallerIdentity;
  dbCalls: number;
  sdkCalls: number;
  startedAt: number;
  dnsLookups: string[];
  /** crash-point testing: end the invocation right after this many DB calls (see cut()) */
  crashAfterDbCalls?: number;
}

/** Per-invocation switches for fault testing. */
export interface InvokeOptions {
  /**
   * End the invocation right after its k-th DB call, as a timeout or a platform fault would: the writes
   * already made stay, the answer is lost, the worker is replaced. The k-th call itself is applied.
   */
  crashAfterDbCalls?: number;
}

export interface InvokeOutcome {
  result?: unknown;
  errCode?: number;
  errMsg?: string;
  dbCalls: number;
  ms: number;
  dnsLookups: string[];
  /** true when the invocation was ended at its crash point (crashAfterDbCalls) */
  cut?: boolean;
}

/** CloudBase's code for a failed execution (throw, crash, timeout). */
export const FUNCTIONS_EXECUTE_FAIL = -504002;
/** No such function. */
export const FUNCTION_NOT_FOUND = -501000;

export const CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_SOURCE'];

export interface FunctionHostOptions {
  functionsDir: string | null;
  workersPerFunction: number;
  envId: string;
  /** e.g. http://127.0.0.1:PORT/admin/w/ — the worker id is appended */
  serviceBase: () => string;
  clockOffsetMs: () => number;
  /** called after every invocation ends (e.g. to drop transactions the worker left open) */
  onWorkerIdle: (workerId: string) => void;
  /** print the stack of a function that threw (default true) */
  logFunctionErrors?: boolean;
  /** an instance that has not loaded its code by then is replaced (default 30 s) */
  startTimeoutMs?: number;
  /** environment variables configured per function (function name → variables), as CloudBase's 环境变量 */
  functionEnv?: Record<string, Record<string, string>>;
}

interface Slot {
  id: string;
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  current: InvocationRecord | null;
  settle: ((msg: any) => void) | null;
}

interface Pool {
  info: FunctionInfo;
  slots: Slot[];
  queue: Array<() => void>;
}

const WORKER_PATH = join(__dirname, 'worker.js');
/** How long an instance may take to load its code before it is replaced (cold start is not charged to the timeout). */
const DEFAULT_START_TIMEOUT_MS = 30_000;
const REPO_NODE_MODULES = resolve(__dirname, '..', '..', 'node_modules');

export class FunctionHost {
  private readonly pools = new Map<string, Pool>();
  private readonly byWorker = new Map<string, Slot>();
  private seq = 0;
  private closed = false;
  /** workers ended at a crash point: their in-flight SDK calls must not reach the store */
  private readonly cutWorkers = new Set<string>();

  constructor(private readonly options: FunctionHostOptions) {}

  /** Every function folder: a subfolder of functionsDir with index.js; config.json is optional. */
  list(): FunctionInfo[] {
    const dir = this.options.functionsDir;
    if (!dir || !existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isDirectory())
      .map((name) => this.info(name))
      .filter((f): f is FunctionInfo => f !== null);
  }

  info(name: string): FunctionInfo | null {
    const root = this.options.functionsDir;
    if (!root || !/^[A-Za-z0-9_-]+$/.test(name)) return null;
    const dir = join(root, name);
    if (!existsSync(join(dir, 'index.js'))) return null;
    let config: { timeout?: unknown; triggers?: unknown } = {};
    const configPath = join(dir, 'config.json');
    if (existsSync(configPath)) {
      try {
        config = JSON.parse(readFileSync(configPath, 'utf8'));
      } catch {
        config = {};
      }
    }
    const timeoutSec = typeof config.timeout === 'number' && config.timeout > 0 ? config.timeout : 3;
    const triggers = Array.isArray(config.triggers)
      ? (config.triggers as TriggerSpec[]).filter((t) => t && typeof t.name === 'string' && typeof t.config === 'string')
      : [];
    return { name, dir, timeoutSec, triggers };
  }

  /** How many instances (worker threads) of a function are alive. */
  instanceCount(name: string): number {
    return this.pools.get(name)?.slots.length ?? 0;
  }

  /** The invocation currently running in a worker (for attributing SDK calls). */
  current(workerId: string): InvocationRecord | null {
    return this.byWorker.get(workerId)?.current ?? null;
  }

  /**
   * Crash-point testing: ends the invocation running in this worker now (the wire calls it right after
   * the k-th DB call was applied). The worker is discarded, so nothing it does afterwards lands.
   */
  cut(workerId: string): void {
    const slot = this.byWorker.get(workerId);
    this.cutWorkers.add(workerId);
    if (slot?.settle) slot.settle({ type: 'cut' });
  }

  /** A worker ended at a crash point (its late SDK calls are refused). */
  isCut(workerId: string): boolean {
    return this.cutWorkers.has(workerId);
  }

  async invoke(name: string, event: unknown, identity: CallerIdentity, options: InvokeOptions = {}): Promise<InvokeOutcome> {
    const started = Date.now();
    if (this.closed) return { errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: 'emulator is closed', dbCalls: 0, ms: 0, dnsLookups: [] };
    const pool = this.pool(name);
    if (!pool) {
      return { errCode: FUNCTION_NOT_FOUND, errMsg: `[ResourceNotFound.Function] 未找到云函数: ${name}`, dbCalls: 0, ms: 0, dnsLookups: [] };
    }
    const slot = await this.acquire(pool);
    const record: InvocationRecord = {
      id: randomBytes(8).toString('hex'),
      fn: name,
      action: event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string' ? (event as { action: string }).action : null,
      identity,
      dbCalls: 0,
      sdkCalls: 0,
      startedAt: started,
      dnsLookups: [],
      crashAfterDbCalls: options.crashAfterDbCalls,
    };
    try {
      // a function whose module never finishes loading must not hold the slot for ever
      const startTimeoutMs = this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
      let startTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        slot.ready,
        new Promise((_, reject) => {
          startTimer = setTimeout(() => reject(new Error(`${startTimeoutMs / 1000} 秒内没有加载完`)), startTimeoutMs);
        }),
      ]).finally(() => clearTimeout(startTimer));
    } catch (e) {
      this.release(pool, slot, true);
      return { errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: `函数实例启动失败: ${(e as Error).message}`, dbCalls: 0, ms: Date.now() - started, dnsLookups: [] };
    }
    slot.current = record;
    const timeoutMs = pool.info.timeoutSec * 1000;
    const env: Record<string, string> = {
      WX_CONTEXT_KEYS: CONTEXT_KEYS.join(','),
      WX_SOURCE: identity.source ?? 'wx_client',
      CUNQUN_CLOCK_OFFSET_MS: String(this.options.clockOffsetMs()),
    };
    if (identity.openid !== undefined) env.WX_OPENID = identity.openid;
    if (identity.appid !== undefined) env.WX_APPID = identity.appid;
    if (identity.unionid !== undefined) env.WX_UNIONID = identity.unionid;
    env.WX_CLIENTIP = identity.clientIp ?? '127.0.0.1';

    const msg: any = await new Promise((resolveMsg) => {
      const timer = setTimeout(() => resolveMsg({ type: 'timeout' }), timeoutMs);
      slot.settle = (m) => {
        clearTimeout(timer);
        resolveMsg(m);
      };
      try {
        slot.worker.postMessage({ type: 'invoke', id: record.id, requestId: record.id, event, env, timeoutMs });
      } catch (e) {
        // the event could not be handed over (structured clone refused it, e.g. nested too deep: RangeError)
        slot.settle({ type: 'unsent', message: `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}` });
      }
    });
    slot.settle = null;
    slot.current = null;
    const ms = Date.now() - started;
    record.dnsLookups = msg.dnsLookups ?? [];
    const base = { dbCalls: record.dbCalls, ms, dnsLookups: record.dnsLookups };

    if (msg.type === 'timeout') {
      this.release(pool, slot, true);
      return { ...base, errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: `Invoking task timed out after ${pool.info.timeoutSec} seconds` };
    }
    if (msg.type === 'cut') {
      this.release(pool, slot, true);
      return { ...base, cut: true, errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: `Invoking task timed out (crash point after ${record.dbCalls} DB calls)` };
    }
    if (msg.type === 'crash') {
      this.release(pool, slot, true);
      return { ...base, errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: msg.message };
    }
    if (msg.type === 'unsent') {
      // nothing reached the worker; it is replaced all the same, so no failure can leave a slot taken
      this.release(pool, slot, true);
      return { ...base, errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: `调用参数无法交给函数实例（${msg.message}）` };
    }
    this.release(pool, slot, false);
    if (!msg.ok) {
      const e = msg.error ?? {};
      if (e.stack && this.options.logFunctionErrors !== false) console.error(`[emulator] ${name} 执行出错:\n${e.stack}`);
      return { ...base, errCode: FUNCTIONS_EXECUTE_FAIL, errMsg: `${e.name ?? 'Error'}: ${e.message ?? ''}` };
    }
    let result: unknown = null;
    try {
      result = JSON.parse(msg.json);
    } catch {
      result = null;
    }
    return { ...base, result };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all: Promise<unknown>[] = [];
    for (const pool of this.pools.values()) {
      for (const slot of pool.slots) all.push(slot.worker.terminate().catch(() => undefined));
      pool.slots = [];
      pool.queue = [];
    }
    this.byWorker.clear();
    await Promise.all(all);
  }

  // ---- pool ----------------------------------------------------------------------------------

  private pool(name: string): Pool | null {
    let pool = this.pools.get(name);
    if (pool) return pool;
    const info = this.info(name);
    if (!info) return null;
    pool = { info, slots: [], queue: [] };
    this.pools.set(name, pool);
    return pool;
  }

  private acquire(pool: Pool): Promise<Slot> {
    const idle = pool.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (pool.slots.length < this.options.workersPerFunction) {
      const slot = this.spawn(pool);
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolveSlot) => pool.queue.push(() => resolveSlot(this.acquire(pool))));
  }

  private release(pool: Pool, slot: Slot, kill: boolean): void {
    try {
      this.options.onWorkerIdle(slot.id);
    } catch (e) {
      // the slot is given back whatever the clean-up did: a failing clean-up must not leave it taken
      console.error('[emulator] clean-up after an invocation failed', e);
      kill = true;
    }
    if (kill) {
      this.discard(pool, slot);
    } else {
      slot.busy = false;
    }
    const next = pool.queue.shift();
    if (next) next();
  }

  private discard(pool: Pool, slot: Slot): void {
    pool.slots = pool.slots.filter((s) => s !== slot);
    this.byWorker.delete(slot.id);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate().catch(() => undefined);
  }

  private spawn(pool: Pool): Slot {
    this.seq += 1;
    const id = `${pool.info.name}-${this.seq}`;
    const worker = new Worker(WORKER_PATH, {
      workerData: {
        functionDir: pool.info.dir,
        functionName: pool.info.name,
        fallbackNodePath: REPO_NODE_MODULES,
        contextKeys: CONTEXT_KEYS,
        baseEnv: {
          ...(this.options.functionEnv?.[pool.info.name] ?? {}),
          TENCENTCLOUD: 'true',
          SILENCE: 'true',
          TCB_ENV: this.options.envId,
          CUNQUN_SERVICE_URL: `${this.options.serviceBase()}${id}`,
        },
      },
    });
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      markFailed = rej;
    });
    ready.catch(() => undefined);
    const slot: Slot = { id, worker, ready, busy: false, current: null, settle: null };
    worker.on('message', (m) => {
      if (m.type === 'ready') markReady();
      else if (m.type === 'result' && slot.settle) slot.settle(m);
    });
    const onDeath = (message: string) => {
      markFailed(new Error(message));
      if (slot.settle) slot.settle({ type: 'crash', message });
      else if (pool.slots.includes(slot)) this.discard(pool, slot);
    };
    worker.on('error', (err) => onDeath(`${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`));
    worker.on('exit', (code) => onDeath(`函数实例意外退出 (exit code ${code})`));
    // an answer that cannot be read back is a crash of that instance, not a wait until the timeout
    worker.on('messageerror', (err) => onDeath(`函数实例的答复无法读取: ${err?.message ?? String(err)}`));
    worker.unref();
    pool.slots.push(slot);
    this.byWorker.set(id, slot);
    return slot;
  }
}
