/**
 * db_round_trips_max: the most cloud-DB calls any action makes (goal ≤ 8), counted by the emulator per
 * invocation (every SDK database request from the function's worker), over a tour of every action on the
 * demo village — first tries and retries with the same requestId. db_round_trips_max_everyday: the same
 * over what residents and grid workers do daily (goal ≤ 3; which those are, kernel/action.ts isEveryday).
 */
import { accountTour, deliberationTour, gridTour, ledgerTour, noticesTour, patrolTour } from '../demo';
import { isEveryday } from '../server/kernel/action';
import { functionSpecs } from '../tests/reliability/support/actions';
import { startDemoEmulator } from '../demo/start-demo';


export async function run(): Promise<Record<string, number>> {
  const { emu } = await startDemoEmulator();
  try {
    const invoker = (fn: string) => async (openid: string, event: { action: string; payload: unknown; requestId: string }) => {
      const answer = await emu.invoke(fn, event, { openid });
      const result = (answer.result ?? {}) as { ok?: boolean; data?: unknown; error?: { code: string; message: string } };
      return { ok: result.ok === true, data: result.data, error: result.error, dbCalls: answer.dbCalls };
    };
    // every function's tour; deliberation's needs the clock to schedule polls
    const tours = {
      account: () => accountTour(invoker('account')),
      grid: () => gridTour(invoker('grid')),
      patrol: () => patrolTour(invoker('patrol')),
      deliberation: () => deliberationTour(invoker('deliberation'), emu.clock.now()),
      ledger: () => ledgerTour(invoker('ledger')),
      notices: () => noticesTour(invoker('notices'), emu.clock.now()),
    };
    type Step = { action: string; dbCalls: number; retryDbCalls: number };
    const worstOf = (list: Step[]) => list.reduce((max, s) => Math.max(max, s.dbCalls, s.retryDbCalls), 0);
    const figures: Record<string, number> = {};
    const all: Step[] = [];
    const specs = new Map(functionSpecs().map((spec) => [spec.name, spec]));
    const everyday: Step[] = [];
    for (const [fn, tour] of Object.entries(tours)) {
      const steps: Step[] = await tour();
      all.push(...steps);
      // what a resident or grid worker does in a day (kernel/action.ts isEveryday): the ≤ 3 budget
      everyday.push(...steps.filter((s) => { const def = specs.get(fn)?.actions[s.action]; return !!def && isEveryday(def); }));
      figures[`db_round_trips_max_${fn}`] = worstOf(steps);
    }
    figures.db_round_trips_max_everyday = worstOf(everyday);
    const worstEveryday = everyday.filter((s) => Math.max(s.dbCalls, s.retryDbCalls) === figures.db_round_trips_max_everyday).map((s) => s.action);
    console.log(`db_round_trips_max_everyday ${figures.db_round_trips_max_everyday}（${[...new Set(worstEveryday)].join('、')}）`);
    const worst = worstOf(all);
    // a figure computed from nothing (functions missing, every call refused before the DB) must not pass
    if (worst === 0 || all.every((s) => s.dbCalls === 0)) throw new Error(`db_round_trips_max 是 0：没有一个动作读写过数据库（云函数构建了吗？）${JSON.stringify(all.slice(0, 3))}`);
    const worstSteps = all.filter((s) => Math.max(s.dbCalls, s.retryDbCalls) === worst).map((s) => s.action);
    console.log(`db_round_trips_max ${worst}（${[...new Set(worstSteps)].join('、')}）`);
    return { db_round_trips_max: worst, ...figures };
  } finally {
    await emu.close();
  }
}
