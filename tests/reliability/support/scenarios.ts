/**
 * Valid inputs for every action, taken from the demo tours (demo/*-tour.ts walk every user action as the
 * people who would do it) and, for timers, from one tick of each trigger after the tours (clock moved on
 * so that 公示 windows, deadlines and polls fall due). Before each invocation the whole store is
 * snapshotted, so a scenario can be replayed from exactly the state it first met.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator, InvokeResult } from '../../../emulator';
import type { StoreSnapshot } from '../../../emulator/store/sqlite-store';
import { timerTime } from '../../../emulator/timers/scheduler';
import { DEMO_OPENIDS, OTHER_VILLAGE } from '../../../demo/village';
import { actionKey, allActions, REPO_ROOT, type ActionInfo } from './actions';

export const DAY_MS = 24 * 3600 * 1000;
/** wire actions that change the store */
export const WRITE_CALLS = ['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument', 'database.commitTransaction'];

export interface Envelope {
  ok?: boolean;
  data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: { code: string; message: string };
}

export interface Scenario {
  fn: string;
  action: string;
  kind: 'user' | 'timer';
  /** the caller (user actions) */
  openid: string | null;
  event: Record<string, unknown>;
  /** the store as the invocation met it, and the clock */
  before: StoreSnapshot;
  clockNow: number;
  answer: Envelope | null;
  dbCalls: number;
  /** the invocation sent at least one write call */
  wrote: boolean;
}

/** Runs one invocation the way the recorder does: user actions as the caller, timers as their trigger. */
export function invokeScenario(emu: Emulator, s: Pick<Scenario, 'fn' | 'kind' | 'openid' | 'event'>, crashAfterDbCalls?: number): Promise<InvokeResult> {
  const options = crashAfterDbCalls ? { crashAfterDbCalls } : undefined;
  return s.kind === 'timer' ? emu.invokeTrigger(s.fn, s.event, options) : emu.invoke(s.fn, s.event, { openid: s.openid! }, options);
}

export function writeCalls(emu: Emulator): number {
  return WRITE_CALLS.reduce((sum, a) => sum + (emu.stats.requests[a] ?? 0), 0);
}

type Tour = (invoke: (openid: string, event: any) => Promise<unknown>, ...rest: unknown[]) => Promise<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** demo/<fn>-tour.ts → its exported tour; a tour whose second parameter is `now` gets the clock. */
export function loadTours(): { fn: string; tour: Tour; wantsNow: boolean }[] {
  const dir = join(REPO_ROOT, 'demo');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-tour.ts'))
    .sort()
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const mod = require(join(dir, f)) as Record<string, unknown>;
      const tour = Object.entries(mod).find(([name, v]) => name.endsWith('Tour') && typeof v === 'function')?.[1] as Tour | undefined;
      if (!tour) throw new Error(`demo/${f} 没有导出 …Tour 函数`);
      return { fn: f.replace(/-tour\.ts$/, ''), tour, wantsNow: /^[^(]*\(\s*\w+\s*,\s*now\b/.test(tour.toString()) };
    });
}

export interface Recording {
  actions: ActionInfo[];
  /** every invocation of the tours and timer ticks (first sends only; the tours' own resends are answered from here) */
  scenarios: Scenario[];
}

/**
 * Walks every tour, then ticks every timer. `keep(s)` decides which scenarios keep their snapshot (the
 * others drop it to save memory); by default the first ok invocation of each action.
 */
export async function recordScenarios(emu: Emulator, tag = 'rel', keepAll = false): Promise<Recording> {
  const actions = allActions();
  const scenarios: Scenario[] = [];
  const firstOk = new Set<string>();
  const seen = new Map<string, Envelope | null>();

  const record = async (s: Omit<Scenario, 'before' | 'clockNow' | 'answer' | 'dbCalls' | 'wrote'>): Promise<Envelope | null> => {
    const before = emu.store.snapshot();
    const clockNow = emu.clock.now();
    const writesBefore = writeCalls(emu);
    const res = await invokeScenario(emu, s);
    const answer = (res.result ?? null) as Envelope | null;
    const scenario: Scenario = { ...s, before, clockNow, answer, dbCalls: res.dbCalls, wrote: writeCalls(emu) > writesBefore };
    const key = actionKey(s);
    // only the first successful run of each action keeps its snapshot (the scenario replayed), unless every
    // successful write is to be replayed (the long run)
    if (answer?.ok === true && !firstOk.has(key)) firstOk.add(key);
    else if (!(keepAll && answer?.ok === true && scenario.wrote)) scenario.before = EMPTY;
    scenarios.push(scenario);
    return answer;
  };

  for (const { fn, tour, wantsNow } of loadTours()) {
    const invoke = async (openid: string, event: Record<string, unknown>) => {
      const id = `${fn}|${openid}|${String(event.requestId)}`;
      let answer = seen.get(id);
      if (answer === undefined) {
        // a tour may tick a timer itself (an event without a caller)
        const trigger = event.Type === 'Timer' ? String(event.TriggerName) : null;
        const timer = trigger ? actions.find((a) => a.fn === fn && a.caller === 'timer' && (a.triggers.includes(trigger) || a.action === trigger)) : undefined;
        answer = timer
          ? await record({ fn, action: timer.action, kind: 'timer', openid: null, event })
          : await record({ fn, action: String(event.action), kind: 'user', openid, event });
        seen.set(id, answer);
      }
      return { ok: answer?.ok === true, data: answer?.data, error: answer?.error, dbCalls: 0 };
    };
    await (wantsNow ? tour(invoke, emu.clock.now(), `${tag}${fn}`) : tour(invoke, `${tag}${fn}`));
  }

  await extraTour(emu, tag, (openid, fn, event) => record({ fn, action: String(event.action), kind: 'user', openid, event }));

  // timers: five days on, every 公示 window, deadline and poll of the demo has fallen due
  emu.clock.advance(5 * DAY_MS);
  const timers = actions.filter((a) => a.caller === 'timer');
  const tick = async (a: ActionInfo) => {
    for (const trigger of a.triggers.slice(0, 1)) {
      await record({ fn: a.fn, action: a.action, kind: 'timer', openid: null, event: { Type: 'Timer', TriggerName: trigger, Time: timerTime(emu.clock.now()) } });
    }
  };
  for (const a of timers.filter((t) => !yearEnd(t))) await tick(a);
  // year-end timers run in January (Beijing time): 00:10 on the 1st of the next January
  const yearEnds = timers.filter(yearEnd);
  if (yearEnds.length) {
    const beijingYear = new Date(emu.clock.now() + 8 * 3600 * 1000).getUTCFullYear();
    emu.clock.set(Date.UTC(beijingYear + 1, 0, 1, 0, 10) - 8 * 3600 * 1000);
    for (const a of yearEnds) await tick(a);
  }
  return { actions, scenarios };
}

/**
 * Actions the demo tours show only as a refusal (or not at all, because the demo seed already did them):
 * one successful run each, on ids read from the store.
 */
async function extraTour(emu: Emulator, tag: string, run: (openid: string, fn: string, event: Record<string, unknown>) => Promise<Envelope | null>): Promise<void> {
  let n = 0;
  const call = (openid: string, fn: string, action: string, payload: Record<string, unknown>) => run(openid, fn, { action, payload, requestId: `${tag}-extra-${++n}` });
  // 柳树村 has no 道德银行 yet: its committee opens it
  await call(DEMO_OPENIDS.otherCommittee, 'ledger', 'openLedger', { villageId: OTHER_VILLAGE.villageId });
  // the committee reverses a posted claim of a household that still holds the points
  const ledgerDocs = emu.store.all('ledger');
  const balanceOf = (householdId: string) => ledgerDocs.find((d) => d.kind === 'account' && d.householdId === householdId)?.balance ?? 0;
  const leg = ledgerDocs.find((d) => d.kind === 'entry' && d.entryKind === 'claim' && d.amount > 0 && d.amount <= balanceOf(d.householdId));
  if (leg) await call(DEMO_OPENIDS.committee, 'ledger', 'reverseEntry', { villageId: leg.villageId, householdId: leg.householdId, entryId: leg.entryId, reason: '演示：申报有误，冲正' });
}

const yearEnd = (a: ActionInfo) => /year/i.test(a.action);

const EMPTY: StoreSnapshot = { tables: new Map() };

/** The scenario replayed for each action: its first successful run (with its snapshot). */
export function replayable(rec: Recording): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  for (const s of rec.scenarios) if (s.before.tables.size > 0 && !out.has(actionKey(s))) out.set(actionKey(s), s);
  return out;
}
