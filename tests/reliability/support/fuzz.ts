/**
 * Fuzzing every action from its zod contract (fast-check): each field of the schema gets values drawn
 * from the schema itself (lengths, patterns, ranges, enums), from what the demo tours sent in a field of
 * that name (real ids, so inputs get past the first checks and deep into the commands), or junk (wrong
 * types, operators, prototype keys, long strings) — fields are also dropped or added. Each input runs
 * through the real router and command over the seeded demo township in the memory store (in-process:
 * the emulator's wire costs ~30 ms a call, too slow for 10,000 per action), as a random persona.
 *
 * Judged per input: an answer `{ ok: true }` or `{ ok: false, error: { code } }` with a code from the
 * catalogue — never a thrown error, never `internal` (an exception the command did not expect), never
 * slower than the function's timeout; and a refused input leaves every document it touched as it was
 * (no partial write).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { seedDemoStore } from '../../../demo/seed';
import { DEMO_OPENIDS } from '../../../demo/village';
import { KERNEL_ERRORS } from '../../../server/kernel/errors';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { route, type Answer, type FunctionSpec } from '../../../server/kernel/router';
import type { Doc, FindOptions, Query, Stage, Store, TxnOps, Update } from '../../../server/kernel/store';
import { actionKey, functionSpecs, type ActionInfo, allActions } from './actions';
import { loadTours } from './scenarios';

export const FUZZ_T0 = Date.UTC(2025, 4, 1, 2, 0, 0);
const TIMEOUT_MS = 3000;

export interface FuzzFinding {
  action: string;
  kind: 'crash' | 'unknown_code' | 'undeclared_code' | 'caller_outside_who' | 'timeout' | 'partial_write' | 'internal';
  detail: string;
  event: unknown;
  openid: string;
}

export interface FuzzReport {
  inputs: Record<string, number>;
  answers: Record<string, Record<string, number>>;
  findings: FuzzFinding[];
}

// ─── zod → fast-check ─────────────────────────────────────────────────────────────────────────────

type Corpus = Map<string, unknown[]>;

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('x'.repeat(5000)),
  fc.constant({ $gt: '' }),
  fc.constant({ $ne: null }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.constant(['a', 'b']),
  fc.constant({}),
  fc.constant('qingshi:../../etc'),
  fc.constant('liushu'),
  fc.constant(-1),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

function stringArb(def: any): fc.Arbitrary<string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  let min = 0;
  let max = 60;
  let pattern: RegExp | null = null;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') min = d.minimum;
    else if (d.check === 'max_length') max = d.maximum;
    else if (d.check === 'string_format' && d.pattern instanceof RegExp) pattern = d.pattern;
  }
  const text = fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 80) });
  if (!pattern) return text;
  const matching = fc.stringMatching(pattern).map((s) => (s.length > max ? s.slice(0, max) : s));
  return fc.oneof({ arbitrary: matching, weight: 3 }, { arbitrary: text, weight: 1 });
}

function numberArb(def: any): fc.Arbitrary<number> { // eslint-disable-line @typescript-eslint/no-explicit-any
  let min = -1e6;
  let max = 1e6;
  let int = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'number_format' && /int/.test(d.format)) int = true;
    else if (d.check === 'greater_than') min = d.inclusive ? d.value : d.value + (int ? 1 : 1e-9);
    else if (d.check === 'less_than') max = d.inclusive ? d.value : d.value - (int ? 1 : 1e-9);
  }
  const lo = Math.max(min, -Number.MAX_SAFE_INTEGER);
  const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
  const inRange = int || Number.isInteger(lo) ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof({ arbitrary: inRange, weight: 4 }, { arbitrary: fc.constantFrom(lo - 1, hi + 1, 0, 0.5, Number.NaN), weight: 1 });
}

/** An arbitrary for a schema node; `name` is the field's name (for the corpus). */
export function arbitraryOf(schema: z.ZodType, corpus: Corpus, name = '', depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as any)._zod.def; // eslint-disable-line @typescript-eslint/no-explicit-any
  const seen = corpus.get(name);
  const withCorpus = (a: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    seen && seen.length
      ? fc.oneof({ arbitrary: fc.constantFrom(...seen), weight: 4 }, { arbitrary: a, weight: 3 }, { arbitrary: junk, weight: 1 })
      : fc.oneof({ arbitrary: a, weight: 6 }, { arbitrary: junk, weight: 1 });
  if (depth > 12) return junk;
  switch (def.type) {
    case 'string':
      return withCorpus(stringArb(def));
    case 'number':
      return withCorpus(numberArb(def));
    case 'boolean':
      return withCorpus(fc.boolean());
    case 'enum':
      return withCorpus(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)));
    case 'literal':
      return withCorpus(fc.constantFrom(...(def.values as unknown[])));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(arbitraryOf(def.innerType, corpus, name, depth + 1), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(arbitraryOf(def.innerType, corpus, name, depth + 1), { nil: null, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return arbitraryOf(def.innerType, corpus, name, depth + 1);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => arbitraryOf(o, corpus, name, depth + 1)));
    case 'pipe':
      return arbitraryOf(def.in, corpus, name, depth + 1);
    case 'array': {
      let max = 5;
      let min = 0;
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'max_length') max = d.maximum;
        if (d.check === 'min_length') min = d.minimum;
      }
      return withCorpus(fc.array(arbitraryOf(def.element, corpus, name, depth + 1), { minLength: min, maxLength: Math.min(max + 1, min + 6) }));
    }
    case 'record':
      return withCorpus(fc.dictionary(fc.string({ maxLength: 8 }), arbitraryOf(def.valueType, corpus, '', depth + 1), { maxKeys: 4 }));
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryOf(v, corpus, k, depth + 1)]));
      const object = fc.record(fields, { requiredKeys: [] }).chain((o) =>
        // sometimes an extra field, an operator or a prototype key rides along
        fc.oneof(
          { arbitrary: fc.constant(o), weight: 8 },
          { arbitrary: fc.constantFrom({ ...o, _id: 'x' }, { ...o, openid: DEMO_OPENIDS.committee }, { ...o, villageId: 'liushu' }, { ...o, constructor: { prototype: { bad: 1 } } }), weight: 1 },
        ),
      );
      return seen && seen.length ? fc.oneof({ arbitrary: fc.constantFrom(...seen), weight: 1 }, { arbitrary: object, weight: 6 }, { arbitrary: junk, weight: 1 }) : object;
    }
    default:
      return junk;
  }
}

// ─── the in-process function over the memory store ───────────────────────────────────────────────

/** Records, per invocation, each document a write touched as it was before the first write to it. */
class WatchStore implements Store {
  readonly before = new Map<string, string>();
  constructor(private readonly inner: MemoryStore) {}
  private image(c: string, id: string): string {
    const doc = this.inner.collections.get(c)?.get(id);
    return doc === undefined ? 'absent' : JSON.stringify(doc);
  }
  private pre(c: string, id: unknown): void {
    const key = `${c}\u0000${String(id)}`;
    if (!this.before.has(key)) this.before.set(key, this.image(c, String(id)));
  }
  changed(): string[] {
    return [...this.before].filter(([key, img]) => {
      const [c, id] = key.split('\u0000');
      return this.image(c, id) !== img;
    }).map(([key]) => key.replace('\u0000', '/'));
  }
  getMany(c: string, ids: string[]) {
    return this.inner.getMany(c, ids);
  }
  get(c: string, id: string) {
    return this.inner.get(c, id);
  }
  find(c: string, q: Query, o?: FindOptions) {
    return this.inner.find(c, q, o);
  }
  aggregate(c: string, p: Stage[]) {
    return this.inner.aggregate(c, p);
  }
  create(c: string, d: Doc) {
    this.pre(c, d._id);
    return this.inner.create(c, d);
  }
  createMany(c: string, ds: Doc[]) {
    for (const d of ds) this.pre(c, d._id);
    return this.inner.createMany(c, ds);
  }
  put(c: string, d: Doc) {
    this.pre(c, d._id);
    return this.inner.put(c, d);
  }
  async updateWhere(c: string, q: Query, u: Update) {
    for (const d of await this.inner.find(c, q, { limit: 1000 })) this.pre(c, d._id);
    return this.inner.updateWhere(c, q, u);
  }
  transaction<T>(run: (t: TxnOps) => Promise<T>): Promise<T> {
    return this.inner.transaction((t) =>
      run({
        get: (c, id) => t.get(c, id),
        create: (c, d) => (this.pre(c, d._id), t.create(c, d)),
        update: (c, id, u) => (this.pre(c, id), t.update(c, id, u)),
      } as TxnOps),
    );
  }
}

export interface FuzzWorld {
  store: MemoryStore;
  now: { value: number };
  call(fn: string, openid: string, event: unknown): Promise<{ answer: Answer | null; thrown: unknown; ms: number; changed: string[] }>;
  /** the caller's roles in the payload's village (none: not an active member there) */
  rolesOf(openid: string, event: unknown): Promise<string[]>;
  /** back to the state right after the tours */
  reset(): void;
  corpus: Corpus;
  /** what the tours sent to each action (`fn.action`): the persona and the payload */
  sent: Map<string, { openid: string; payload: Record<string, unknown> }[]>;
}

const PERSONAS = [...Object.values(DEMO_OPENIDS), 'demo-qingshi-h11-22', 'fuzz-stranger-openid'];

/** The demo township in a memory store, every function routed in-process (patrol reaches grid as on the wire), the tours walked once. */
export async function fuzzWorld(): Promise<FuzzWorld> {
  const store = new MemoryStore();
  await seedDemoStore(store, FUZZ_T0);
  const now = { value: FUZZ_T0 };
  const openapi = createFakeOpenApi(['刷单返利']);
  const specs = new Map<string, FunctionSpec>();
  let currentOpenid = '';
  for (const spec of functionSpecs()) specs.set(spec.name, spec);
  // patrol's grid port: the grid function over the same store, as the caller, called by a function (cloud.callFunction passes the identity on; SOURCE ends in ,scf)
  const { patrolFunction } = require('../../../server/patrol/spec'); // eslint-disable-line @typescript-eslint/no-var-requires
  const grid = specs.get('grid')!;
  const { createCloudGridPort } = require('../../../server/patrol/grid-port'); // eslint-disable-line @typescript-eslint/no-var-requires
  const real = createCloudGridPort(null);
  specs.set(
    'patrol',
    patrolFunction({
      grid: {
        call: (action: string, payload: unknown, requestId: string) => route(grid, { action, payload, requestId }, { openid: currentOpenid, source: 'wx_client,scf', clock: () => now.value, store, openapi, log: () => undefined }),
        ticketIdFor: real.ticketIdFor,
      },
    }),
  );

  const corpus: Corpus = new Map();
  const sent: FuzzWorld['sent'] = new Map();
  const remember = (value: unknown, name = '') => {
    if (value === undefined) return;
    if (name) {
      const list = corpus.get(name) ?? [];
      if (list.length < 40 && !list.some((v) => JSON.stringify(v) === JSON.stringify(value))) list.push(value);
      corpus.set(name, list);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) remember(v, k);
  };

  const call = async (fn: string, openid: string, event: unknown) => {
    const watch = new WatchStore(store);
    currentOpenid = openid;
    const started = Date.now();
    let answer: Answer | null = null;
    let thrown: unknown = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      answer = await Promise.race([
        route(specs.get(fn)!, event, { openid, clock: () => now.value, store: watch, openapi, log: () => undefined }),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))),
      ]);
    } catch (error) {
      thrown = error;
    } finally {
      clearTimeout(timer);
    }
    return { answer, thrown, ms: Date.now() - started, changed: watch.changed() };
  };

  for (const { fn, tour, wantsNow } of loadTours()) {
    const invoke = async (openid: string, event: { action?: unknown; payload?: unknown }) => {
      remember(event.payload);
      const list = sent.get(`${fn}.${String(event.action)}`) ?? [];
      if (list.length < 10 && event.payload && typeof event.payload === 'object') list.push({ openid, payload: event.payload as Record<string, unknown> });
      sent.set(`${fn}.${String(event.action)}`, list);
      const { answer } = await call(fn, openid, event);
      if (answer?.ok) remember(answer.data);
      return { ok: answer?.ok === true, data: answer?.ok ? answer.data : undefined, error: answer && !answer.ok ? answer.error : undefined, dbCalls: 0 };
    };
    await (wantsNow ? tour(invoke, now.value, `fz${fn}`) : tour(invoke, `fz${fn}`));
  }
  const base = structuredClone(store.collections);
  return {
    store,
    now,
    call,
    corpus,
    sent,
    async rolesOf(openid, event) {
      type Entry = { status?: string; offline?: boolean; roles?: string[] } | null;
      const rolesIn = (member: Entry) => (member && member.status === 'active' && !member.offline ? (member.roles ?? []) : []);
      const villageId = (event as { payload?: { villageId?: unknown } } | null)?.payload?.villageId;
      if (!openid) return [];
      // without a village (the township's 成效看板 across its villages): the roles the caller holds in any village
      if (villageId === undefined) return [...new Set(((await store.find('register', { kind: 'person', openid }, { limit: 200 })) as Entry[]).flatMap(rolesIn))];
      if (typeof villageId !== 'string') return [];
      return rolesIn((await store.get('register', `${villageId}:u:${openid}`)) as Entry);
    },
    reset() {
      store.collections.clear();
      for (const [k, v] of structuredClone(base)) store.collections.set(k, v);
      now.value = FUZZ_T0;
    },
  };
}

// ─── the run ──────────────────────────────────────────────────────────────────────────────────────

function eventArb(a: ActionInfo, corpus: Corpus, sent: FuzzWorld['sent']): fc.Arbitrary<{ openid: string; event: unknown }> {
  const openid = fc.constantFrom(...PERSONAS);
  // requestIds that name the prototype's members ("__proto__" reached commands as `internal`: the long run found it)
  const requestId = fc.oneof(
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9_:-]{8,40}$/), weight: 9 },
    { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__'), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
  if (a.caller === 'timer') {
    const trigger = fc.oneof(fc.constantFrom(...(a.triggers.length ? a.triggers : [a.action])), fc.string({ maxLength: 70 }), junk);
    const time = fc.oneof(fc.date({ min: new Date(FUZZ_T0 - 1e10), max: new Date(FUZZ_T0 + 4e10), noInvalidDate: true }).map((d) => d.toISOString()), junk);
    return fc.record({
      openid: fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: openid, weight: 1 }),
      event: fc.record({ Type: fc.oneof({ arbitrary: fc.constant('Timer'), weight: 9 }, { arbitrary: junk, weight: 1 }), TriggerName: trigger, Time: time }, { requiredKeys: ['Type'] }),
    });
  }
  const payload = arbitraryOf(a.input, corpus);
  const envelope = fc.record({ action: fc.constant(a.action), payload, requestId });
  const fromSchema = fc.record({ openid, event: fc.oneof({ arbitrary: envelope, weight: 19 }, { arbitrary: junk, weight: 1 }) });
  // a payload the tour sent, by its persona, with one field replaced, dropped or left as it was: gets past
  // validation and the first checks, so the command's own refusals (and writes) are exercised
  const examples = sent.get(actionKey(a)) ?? [];
  const shape = ((a.input as any)._zod.def.shape ?? {}) as Record<string, z.ZodType>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const keys = Object.keys(shape);
  if (!examples.length || !keys.length) return fromSchema;
  const mutated = fc
    .record({ example: fc.constantFrom(...examples), key: fc.constantFrom(...keys), how: fc.constantFrom('replace', 'replace', 'drop', 'keep'), other: openid, asOther: fc.boolean() })
    .chain(({ example, key, how, other, asOther }) =>
      (how === 'replace' ? arbitraryOf(shape[key], corpus, key) : fc.constant(undefined)).chain((value) =>
        requestId.map((rid) => {
          const p: Record<string, unknown> = { ...example.payload };
          if (how === 'replace') p[key] = value;
          else if (how === 'drop') delete p[key];
          return { openid: asOther ? other : example.openid, event: { action: a.action, payload: p, requestId: rid } };
        }),
      ),
    );
  return fc.oneof({ arbitrary: fromSchema, weight: 1 }, { arbitrary: mutated, weight: 2 });
}

/** Runs `perAction` inputs against every action (or those `only` names); a fresh world per function, reset every `resetEvery` inputs. */
export async function runFuzz(perAction: number, options: { seed?: number; only?: (a: ActionInfo) => boolean; resetEvery?: number; log?: (line: string) => void } = {}): Promise<FuzzReport> {
  const report: FuzzReport = { inputs: {}, answers: {}, findings: [] };
  const actions = allActions().filter(options.only ?? (() => true));
  const world = await fuzzWorld();
  const resetEvery = options.resetEvery ?? 250;
  let seed = options.seed ?? 13;
  for (const a of actions) {
    const key = actionKey(a);
    const samples = fc.sample(eventArb(a, world.corpus, world.sent), { numRuns: perAction, seed: seed++ });
    const answers: Record<string, number> = {};
    world.reset();
    for (let i = 0; i < samples.length; i++) {
      if (i > 0 && i % resetEvery === 0) world.reset();
      const { openid, event } = samples[i];
      // time moves a little between inputs, sometimes days (公示 windows, deadlines, polls)
      world.now.value += i % 97 === 0 ? 3 * 24 * 3600_000 : 1000;
      const { answer, thrown, ms, changed } = await world.call(a.fn, openid, event);
      const find = (kind: FuzzFinding['kind'], detail: string) => report.findings.push({ action: key, kind, detail, event, openid });
      if (thrown) {
        find((thrown as Error).message === 'timeout' ? 'timeout' : 'crash', String((thrown as Error)?.stack ?? thrown).slice(0, 500));
        continue;
      }
      if (ms > TIMEOUT_MS) find('timeout', `${ms} ms`);
      const code = !answer ? 'no answer' : answer.ok ? 'ok' : answer.error?.code;
      answers[code] = (answers[code] ?? 0) + 1;
      if (!answer || (answer.ok !== true && answer.ok !== false)) find('crash', `not an answer: ${JSON.stringify(answer)?.slice(0, 200)}`);
      else if (!answer.ok && code === 'internal') find('internal', 'an exception the command did not expect');
      else if (!answer.ok && !(code in KERNEL_ERRORS) && !a.catalogue.includes(code)) find('unknown_code', String(code));
      else if (!answer.ok && !(code in KERNEL_ERRORS) && !a.errors.includes(code)) find('undeclared_code', `${code} is not among the action's declared errors`);
      else if (!answer.ok && changed.length) find('partial_write', `refused (${code}) but changed ${changed.slice(0, 3).join(', ')}`);
      else if (answer.ok && Array.isArray(a.who)) {
        // `who` is the honest superset of the roles that can succeed: anyone else answered ok is a hole in it or in the command
        const roles = await world.rolesOf(openid, event);
        if (!roles.some((r) => (a.who as readonly string[]).includes(r))) find('caller_outside_who', `answered ok to ${roles.join('、') || 'a non-member'}; who: ${(a.who as readonly string[]).join('、')}`);
      }
    }
    report.inputs[key] = samples.length;
    report.answers[key] = answers;
    options.log?.(`${key}: ${samples.length} inputs — ${Object.entries(answers).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  return report;
}
