/**
 * Crash-point testing over every state-changing action of every function (issue 13): each action's
 * first successful run in the demo tours (or a timer tick) is replayed from the state it met, cut after
 * its 1st, 2nd, … DB call, then left alone, retried with the same requestId, or given up to the timers —
 * and the jobs' invariants checked each time (tests/reliability/support/crash.ts says what is checked).
 * Actions come from the action tables, so a new action is covered without editing this file; an action
 * without a successful scenario fails the first test.
 */
import type { Emulator } from '../../emulator';
import { startDemoEmulator } from '../../demo/start-demo';
import { actionKey, functionSpecs } from './support/actions';
import { crashScenario, emptyReport, type CrashReport } from './support/crash';
import { recordScenarios, replayable, type Recording, type Scenario } from './support/scenarios';

jest.setTimeout(10 * 60_000);

let emu: Emulator;
let rec: Recording;
let replay: Map<string, Scenario>;
const report: CrashReport = emptyReport();

beforeAll(async () => {
  ({ emu } = await startDemoEmulator({ logFunctionErrors: false }));
  rec = await recordScenarios(emu);
  replay = replayable(rec);
});

afterAll(async () => {
  await emu?.close();
});

test('every action of every action table has a valid input scenario (a successful run)', () => {
  const missing = rec.actions.filter((a) => !replay.has(actionKey(a))).map((a) => {
    const tries = rec.scenarios.filter((s) => actionKey(s) === actionKey(a)).map((s) => s.answer?.error?.code ?? 'no answer');
    return `${actionKey(a)}（${tries.length ? `只见到失败: ${tries.join(', ')}` : '没有任何调用'}）`;
  });
  expect(missing).toEqual([]);
});

/** every function with an action table (server/<fn>/actions.ts) */
const FUNCTIONS = functionSpecs().map((spec) => spec.name);

test.each(FUNCTIONS)('%s: a crash after every DB call of every write leaves the invariants whole (never retried, retried, given up)', async (fn) => {
  const writes = [...replay.values()].filter((s) => s.fn === fn && s.wrote);
  expect(writes.length).toBeGreaterThan(0);
  const mine = emptyReport();
  for (const s of writes) await crashScenario(emu, s, { timersOf: (f) => rec.actions.filter((a) => a.fn === f && a.caller === 'timer') }, mine);
  report.pairs.push(...mine.pairs);
  report.violations.push(...mine.violations);
  // every DB call of every write action was a crash point
  for (const s of writes) expect(mine.pairs.filter((p) => p.action === actionKey(s)).length).toBe(s.dbCalls);
  expect(mine.violations.map((v) => `${v.action} k=${v.k} ${v.mode}: ${v.rule} — ${v.detail.slice(0, 300)}`)).toEqual([]);
});
