/**
 * The crash-point harness. For a recorded scenario (an action, its caller and payload, the store as it met
 * it) it runs the action once cleanly — the reference: its answer and the state it leaves — and then,
 * for every k from 1 to the number of DB calls the clean run made, from the same starting state:
 *
 * 1. runs it with the function host's crash switch set to end the invocation right after its k-th DB call
 *    (the writes made stay, the answer is lost, the worker is replaced — a timeout or a platform fault);
 * 2. **never retried**: checks the jobs' invariants, and that nothing half written shows: every document is
 *    either as before or as after the clean run (single-document writes), and no audit record tells of a
 *    change that is not there. A change whose audit record is missing is counted apart (`unaudited`): the
 *    retry heals it (see ARCHITECTURE);
 * 3. **retried** with the same requestId (timers: the same trigger event): the answer must be the clean run's
 *    and the whole store must equal the clean run's (times aside) — nothing twice, nothing lost;
 * 4. **given up**, then the function's timers run a day later (they heal what a request left): invariants.
 *
 * Timers are also run twice in a row (the same event, then the next tick): the same state, invariants.
 */
import type { Emulator } from '../../../emulator';
import type { StoreSnapshot } from '../../../emulator/store/sqlite-store';
import { timerTime } from '../../../emulator/timers/scheduler';
import { actionKey, type ActionInfo } from './actions';
import { checkInvariants, type Violation } from './invariants';
import { DAY_MS, invokeScenario, writeCalls, type Envelope, type Scenario } from './scenarios';

export interface CrashFinding {
  action: string;
  k: number | null;
  mode: 'clean' | 'no_retry' | 'retry' | 'given_up' | 'repeat';
  rule: string;
  detail: string;
}

export interface CrashReport {
  /** every (action, k) pair tried */
  pairs: { action: string; k: number }[];
  violations: CrashFinding[];
  /** (action, k) pairs where a never-retried crash left a change without its audit record (healed by the retry) */
  unaudited: { action: string; k: number }[];
  /** (action, k) pairs where a never-retried crash left an audit record ahead of its change (submitReport: the retry finishes it) */
  auditAhead: { action: string; k: number }[];
  /** healed audit records whose `details` differ from a clean run's (who, what, when and target agree) */
  healedDetails: { action: string; k: number; key: string }[];
  /** documents a crashed try left that nothing reads (a poll roll's units under a roll id that never opened) */
  orphans: { action: string; k: number; key: string }[];
  timerRepeats: number;
}

type State = Map<string, string>;

/** Epoch milliseconds (2001–2096) stand for "a time": a retry runs later than the clean run did. */
const TIME_LOW = 1e12;
const TIME_HIGH = 4e12;

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return value > TIME_LOW && value < TIME_HIGH ? 'T' : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      // when a healed audit record reached the trail; a ledger stock hold's stamp (fresh on every touch); a
      // poll's wrapped key (random by design: a secret ballot's key must not be derivable from the request)
      // poll's wrapped key (random by design: a secret ballot's key must not be derivable from the request);
      // the audit chain's hashes (they fold in the sealing time)
      if (key === 'postedAt' || key === 's' || key === 'wrappedKey' || key === 'hash' || key === 'prev') continue;
      out[key] = normalise((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Every document of every collection, times masked: `collection/id` → JSON. Ids made at random per
 * invocation on purpose (a poll's roll id: units written by a try that lost are never read) are replaced
 * by a placeholder wherever they occur, so a retried poll's roll matches the clean run's.
 */
export function stateOf(emu: Emulator): State {
  const state: State = new Map();
  const docs: [string, Record<string, unknown>][] = [];
  for (const c of emu.store.collectionNames()) for (const d of emu.store.all(c)) docs.push([c, d]);
  const random = new Set<string>();
  for (const [, d] of docs) {
    const poll = (d as { poll?: { rollId?: unknown } }).poll;
    if (poll && typeof poll.rollId === 'string' && poll.rollId) random.add(poll.rollId);
  }
  const mask = (text: string) => {
    let out = text;
    for (const id of random) out = out.split(id).join('ROLL');
    return out;
  };
  for (const [c, d] of docs) state.set(mask(`${c}/${String(d._id)}`), mask(JSON.stringify(normalise(d))));
  return state;
}

/** Documents only in `a` that nothing else in `a` names: left by a try that lost, never read (a roll's units). */
function orphans(a: State, b: State): Set<string> {
  const extra = [...a.keys()].filter((k) => !b.has(k));
  if (!extra.length) return new Set();
  return new Set(
    extra.filter((k) => {
      const quoted = JSON.stringify(k.slice(k.indexOf('/') + 1));
      const own = `"_id":${quoted}`;
      for (const [other, json] of a) if (json.split(own).join('').includes(quoted) && other !== k) return false;
      return !a.get(k)!.split(own).join('').includes(quoted);
    }),
  );
}

/** ids of audit records waiting in an outbox (`pendingAudit`: one record, or records by key) */
function outboxIds(emu: Emulator): Set<string> {
  const ids = new Set<string>();
  for (const c of emu.store.collectionNames()) {
    for (const d of emu.store.all(c)) {
      const box = (d as { pendingAudit?: unknown }).pendingAudit as Record<string, unknown> | null | undefined;
      if (!box || typeof box !== 'object') continue;
      if (typeof box._id === 'string') ids.add(box._id);
      else for (const r of Object.values(box)) if (r && typeof (r as { _id?: unknown })._id === 'string') ids.add((r as { _id: string })._id);
    }
  }
  return ids;
}

function diff(a: State, b: State): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(k);
  for (const k of b.keys()) if (!a.has(k)) out.push(k);
  return out;
}

const sameAnswer = (a: Envelope | null, b: Envelope | null) => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));

export interface HarnessOptions {
  /** the timers of each function (run on the given-up path) */
  timersOf: (fn: string) => ActionInfo[];
  /** skip the given-up path (timers a day later) — used by the quick mode for a shorter run */
  skipGivenUp?: boolean;
}

export async function crashScenario(emu: Emulator, s: Scenario, options: HarnessOptions, report: CrashReport): Promise<void> {
  const action = actionKey(s);
  const timer = s.kind === 'timer';
  const add = (k: number | null, mode: CrashFinding['mode'], list: (Violation | { rule: string; detail: string })[]) => {
    for (const f of list) report.violations.push({ action, k, mode, rule: 'job' in f ? `${f.job}.${f.rule}` : f.rule, detail: f.detail });
  };
  const rewind = () => {
    emu.store.restore(s.before);
    emu.clock.set(s.clockNow);
  };
  // a timer keeps ticking: the function's timers (a drain may be another timer's job) run, a second apart,
  // until a round writes nothing — the state a cut run must come back to, as an uncut one does
  const timers = options.timersOf(s.fn);
  const settle = async () => {
    if (!timer) return;
    for (let i = 1; i <= 40; i++) {
      const before = writeCalls(emu);
      for (const t of timers) for (const trigger of t.triggers.slice(0, 1)) await emu.invokeTrigger(t.fn, { Type: 'Timer', TriggerName: trigger, Time: timerTime(s.clockNow + i * 1000) });
      if (writeCalls(emu) === before) return;
    }
  };

  // the reference run
  rewind();
  const before = stateOf(emu);
  const cleanRes = await invokeScenario(emu, s);
  const clean = (cleanRes.result ?? null) as Envelope | null;
  const afterOne = stateOf(emu);
  if (clean?.ok !== true) add(null, 'clean', [{ rule: 'clean_run_failed', detail: JSON.stringify(clean ?? cleanRes.errMsg) }]);
  add(null, 'clean', checkInvariants(emu.store));
  await settle();
  const after = stateOf(emu);
  const waiting = outboxIds(emu);
  const changed = diff(before, afterOne);
  const auditIds = changed.filter((k) => k.startsWith('audit/'));

  if (timer) await repeatTimer(emu, s, after, add, report);

  for (let k = 1; k <= cleanRes.dbCalls; k++) {
    report.pairs.push({ action, k });
    rewind();
    const cut = await invokeScenario(emu, s, k);
    if (!cut.cut) {
      // the run ended before its k-th call (a refusal took a shorter path): nothing to cut here
      add(k, 'no_retry', [{ rule: 'crash_point_not_reached', detail: JSON.stringify(cut.result ?? cut.errMsg).slice(0, 200) }]);
      continue;
    }
    // never retried
    const now = stateOf(emu);
    add(k, 'no_retry', checkInvariants(emu.store));
    if (!timer) {
      // each write is to one document: a document is as before or as after, never a third way
      const half: { rule: string; detail: string }[] = [];
      for (const key of diff(before, now)) if (now.get(key) !== afterOne.get(key) && !orphans(now, afterOne).has(key)) half.push({ rule: 'document_in_third_state', detail: key });
      add(k, 'no_retry', half);
      const missingAudit = auditIds.filter((id) => now.get(id) !== afterOne.get(id));
      const landed = changed.filter((key) => !key.startsWith('audit/') && now.get(key) === afterOne.get(key));
      const unchanged = changed.filter((key) => !key.startsWith('audit/') && now.get(key) !== afterOne.get(key));
      if (auditIds.some((id) => now.get(id) === afterOne.get(id)) && unchanged.length) report.auditAhead.push({ action, k });
      if (missingAudit.length && landed.length) report.unaudited.push({ action, k });
    }
    const crashed = emu.store.snapshot();

    // retried with the same requestId / trigger event (a timer then keeps ticking)
    const retry = await invokeScenario(emu, s);
    const again = (retry.result ?? null) as Envelope | null;
    // a timer's answer counts what this run did; what it must not lose is checked on the state below
    if (!timer && !sameAnswer(again, clean)) add(k, 'retry', [{ rule: 'retry_answer_differs', detail: `${JSON.stringify(again ?? retry.errMsg).slice(0, 300)} ≠ ${JSON.stringify(clean).slice(0, 300)}` }]);
    await settle();
    add(k, 'retry', checkInvariants(emu.store));
    const healed = stateOf(emu);
    const left = orphans(healed, after);
    for (const key of left) report.orphans.push({ action, k, key });
    const off = diff(after, healed).filter((key) => {
      if (left.has(key)) return false;
      // a retry may append at once a record the clean run left in its outbox for a timer
      if (key.startsWith('audit/') && !after.has(key) && waiting.has(key.slice('audit/'.length))) return false;
      if (!key.startsWith('audit/') || !healed.has(key) || !after.has(key)) return true;
      const [x, y] = [JSON.parse(healed.get(key)!), JSON.parse(after.get(key)!)];
      delete x.details;
      delete y.details;
      if (JSON.stringify(x) !== JSON.stringify(y)) return true;
      report.healedDetails.push({ action, k, key });
      return false;
    });
    if (off.length) add(k, 'retry', [{ rule: 'retry_state_differs', detail: off.slice(0, 5).map((key) => `${key}: ${(healed.get(key) ?? 'absent').slice(0, 400)} ≠ ${(after.get(key) ?? 'absent').slice(0, 400)}`).join(' | ') }]);

    // given up: the function's timers a day later
    if (!options.skipGivenUp) {
      await givenUp(emu, s, crashed, options, (list) => add(k, 'given_up', list));
    }
  }
}

async function givenUp(emu: Emulator, s: Scenario, crashed: StoreSnapshot, options: HarnessOptions, add: (list: Violation[]) => void): Promise<void> {
  const timers = options.timersOf(s.fn);
  if (!timers.length) return;
  emu.store.restore(crashed);
  emu.clock.set(s.clockNow + DAY_MS);
  for (const t of timers) {
    for (const trigger of t.triggers.slice(0, 1)) await emu.invokeTrigger(t.fn, { Type: 'Timer', TriggerName: trigger, Time: timerTime(emu.clock.now()) });
  }
  add(checkInvariants(emu.store));
}

async function repeatTimer(emu: Emulator, s: Scenario, after: State, add: (k: number | null, mode: CrashFinding['mode'], list: (Violation | { rule: string; detail: string })[]) => void, report: CrashReport): Promise<void> {
  // once it has nothing left to do: the same event again (a platform retry of the trigger) and the next
  // tick change nothing, and the invariants hold
  await invokeScenario(emu, s);
  emu.clock.advance(1000);
  await emu.invokeTrigger(s.fn, { ...s.event, Time: timerTime(s.clockNow + 60_000) });
  report.timerRepeats += 2;
  const twice = stateOf(emu);
  const off = diff(after, twice);
  if (off.length) add(null, 'repeat', [{ rule: 'repeated_timer_changed_state', detail: off.slice(0, 5).join(', ') }]);
  add(null, 'repeat', checkInvariants(emu.store));
}

export function emptyReport(): CrashReport {
  return { pairs: [], violations: [], unaudited: [], auditAhead: [], healedDetails: [], orphans: [], timerRepeats: 0 };
}

/**
 * The whole harness over a recording: every write action's replayed scenario (or, `everyScenario`, every
 * successful write invocation the tours made — the long run), each crashed after every DB call.
 */
export async function runCrashHarness(emu: Emulator, rec: { actions: ActionInfo[]; scenarios: Scenario[] }, options: { everyScenario?: boolean; only?: (s: Scenario) => boolean; log?: (line: string) => void } = {}): Promise<CrashReport> {
  const report = emptyReport();
  const seen = new Set<string>();
  const list = rec.scenarios.filter((s) => s.wrote && s.answer?.ok === true && (options.only?.(s) ?? true));
  for (const s of list) {
    const key = actionKey(s);
    if (!options.everyScenario && seen.has(key)) continue;
    if (s.before.tables.size === 0) continue; // its snapshot was not kept
    seen.add(key);
    await crashScenario(emu, s, { timersOf: (fn) => rec.actions.filter((a) => a.fn === fn && a.caller === 'timer') }, report);
    options.log?.(`${key}: ${s.dbCalls} crash points`);
  }
  return report;
}
