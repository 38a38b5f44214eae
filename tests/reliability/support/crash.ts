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
import { DAY_MS, invokeScenario, type Envelope, type Scenario } from './scenarios';

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
      // when a healed audit record reached the trail; a ledger stock hold's stamp (fresh on every touch)
      if (key === 'postedAt' || key === 's') continue;
      out[key] = normalise((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** Every document of every collection, times masked: `collection/id` → JSON. */
export function stateOf(emu: Emulator): State {
  const state: State = new Map();
  for (const c of emu.store.collectionNames()) for (const d of emu.store.all(c)) state.set(`${c}/${String(d._id)}`, JSON.stringify(normalise(d)));
  return state;
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
  const add = (k: number | null, mode: CrashFinding['mode'], list: (Violation | { rule: string; detail: string })[]) => {
    for (const f of list) report.violations.push({ action, k, mode, rule: 'job' in f ? `${f.job}.${f.rule}` : f.rule, detail: f.detail });
  };
  const rewind = () => {
    emu.store.restore(s.before);
    emu.clock.set(s.clockNow);
  };

  // the reference run
  rewind();
  const before = stateOf(emu);
  const cleanRes = await invokeScenario(emu, s);
  const clean = (cleanRes.result ?? null) as Envelope | null;
  const after = stateOf(emu);
  if (clean?.ok !== true) add(null, 'clean', [{ rule: 'clean_run_failed', detail: JSON.stringify(clean ?? cleanRes.errMsg) }]);
  add(null, 'clean', checkInvariants(emu.store));
  const changed = diff(before, after);
  const auditIds = changed.filter((k) => k.startsWith('audit/'));

  if (s.kind === 'timer') await repeatTimer(emu, s, after, add, report);

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
    const half: { rule: string; detail: string }[] = [];
    for (const key of diff(before, now)) {
      if (now.get(key) !== after.get(key)) half.push({ rule: 'document_in_third_state', detail: key });
    }
    add(k, 'no_retry', half);
    const missingAudit = auditIds.filter((id) => now.get(id) !== after.get(id));
    const landed = changed.filter((key) => !key.startsWith('audit/') && now.get(key) === after.get(key));
    const unchanged = changed.filter((key) => !key.startsWith('audit/') && now.get(key) !== after.get(key));
    // a timer's records are per item: an earlier item's record before a later item's change is its order
    if (s.kind === 'user' && auditIds.some((id) => now.get(id) === after.get(id)) && unchanged.length) report.auditAhead.push({ action, k });
    if (missingAudit.length && landed.length) report.unaudited.push({ action, k });
    const crashed = emu.store.snapshot();

    // retried with the same requestId / trigger event
    const retry = await invokeScenario(emu, s);
    const again = (retry.result ?? null) as Envelope | null;
    // a timer's answer counts what this run did; what it must not lose is checked on the state below
    if (s.kind === 'user' && !sameAnswer(again, clean)) add(k, 'retry', [{ rule: 'retry_answer_differs', detail: `${JSON.stringify(again ?? retry.errMsg).slice(0, 300)} ≠ ${JSON.stringify(clean).slice(0, 300)}` }]);
    add(k, 'retry', checkInvariants(emu.store));
    const healed = stateOf(emu);
    const off = diff(after, healed).filter((key) => {
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
  // the same event again (a platform retry of the trigger): nothing changes
  await invokeScenario(emu, s);
  report.timerRepeats += 1;
  const twice = stateOf(emu);
  const off = diff(after, twice);
  if (off.length) add(null, 'repeat', [{ rule: 'repeated_timer_changed_state', detail: off.slice(0, 5).join(', ') }]);
  // the next tick a minute later: invariants (it may find nothing to do, never do twice what was done)
  emu.clock.advance(60_000);
  await emu.invokeTrigger(s.fn, { ...s.event, Time: timerTime(emu.clock.now()) });
  report.timerRepeats += 1;
  add(null, 'repeat', checkInvariants(emu.store));
}

export function emptyReport(): CrashReport {
  return { pairs: [], violations: [], unaudited: [], auditAhead: [], healedDetails: [], timerRepeats: 0 };
}
