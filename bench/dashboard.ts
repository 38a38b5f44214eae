/**
 * 成效看板 and the audit chain, over 青石村 with a year of activity (bench/support/year-of-activity.ts: 300
 * households, 21,000 audit records, 1,000 tickets, 50 counted polls, 600 leads, a 道德银行 account per
 * household), through the built `account` function in the emulator:
 * - dashboard_village_ms: the committee's month view of 青石村 (median of 5, after one warm-up), wall time of
 *   the invocation as the client waits for it; dashboard_township_ms: the township's view of 青石村 and 柳树村;
 * - dashboard_db_round_trips: the most DB requests either view made; the participation rollups are kept by
 *   the hourly timer first (run until caught up), as in production;
 * - audit_verify_per_s: records re-walked per second by the committee's verifyAudit, page after page, after
 *   the sealing timer has bound the year into the chain (audit_seal_per_s: records sealed per second by it).
 * Goal: ≤ 1,000 ms and ≤ 3 round trips per view.
 */
import { DEMO_OPENIDS as P } from '../demo';
import { startDemoEmulator } from '../demo/start-demo';
import { generateYear } from './support/year-of-activity';

const RUNS = 5;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(): Promise<Record<string, number>> {
  const { emu, sdk } = await startDemoEmulator();
  try {
    const generated = await generateYear(sdk.database(), emu.clock.now());
    let n = 0;
    const call = async (openid: string, action: string, payload: Record<string, unknown>) => {
      const started = performance.now();
      const out = await emu.invoke('account', { action, payload, requestId: `bench-dash-${++n}` }, { openid });
      const ms = performance.now() - started;
      const r = out.result as { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!r?.ok) throw new Error(`${action}: ${r?.error?.code ?? out.errMsg}`);
      return { data: r.data, dbCalls: out.dbCalls, ms };
    };
    const timer = async (name: string) => {
      const out = await emu.invoke('account', { Type: 'Timer', TriggerName: name, Time: new Date(emu.clock.now()).toISOString() }, { openid: '' });
      const r = out.result as { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!r?.ok) throw new Error(`${name}: ${r?.error?.code ?? out.errMsg}`);
      return r.data;
    };
    // the participation rollups, as the hourly timer keeps them (from a year back: a dozen runs)
    const rollupStarted = performance.now();
    for (let i = 0; i < 30 && (await timer('accountClock')).rollup.days > 0; i++);
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;
    const measure = async (openid: string, payload: Record<string, unknown>) => {
      const warm = await call(openid, 'dashboard', payload);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await call(openid, 'dashboard', payload));
      return { ms: median(runs.map((r) => r.ms)), dbCalls: Math.max(warm.dbCalls, ...runs.map((r) => r.dbCalls)), data: warm.data };
    };
    const village = await measure(P.committee, { villageId: 'qingshi', granularity: 'month' });
    const township = await measure(P.township, { granularity: 'month' });
    const week = await measure(P.committee, { villageId: 'qingshi', granularity: 'week' });
    const v = village.data.villages[0];
    if (v.households < 300 || v.total.ticketsOpened < 900) throw new Error(`看板没有看到生成的数据：${v.households} 户、${v.total.ticketsOpened} 件`);

    // seal the year into the chain (the timer, run by hand until nothing is left), then walk it as the committee
    const sealStarted = performance.now();
    let sealed = 0;
    for (let i = 0; i < 200; i++) {
      const records = (await timer('accountClock')).seal.records as number;
      sealed += records;
      if (records === 0) break;
    }
    const sealSeconds = (performance.now() - sealStarted) / 1000;
    const verifyStarted = performance.now();
    let checked = 0;
    let pages = 0;
    let from: unknown = undefined;
    let maxDbCalls = 0;
    for (;;) {
      const page = await call(P.committee, 'verifyAudit', { villageId: 'qingshi', ...(from ? { from } : {}) });
      pages += 1;
      maxDbCalls = Math.max(maxDbCalls, page.dbCalls);
      checked += page.data.checkedRecords;
      if (page.data.problem) throw new Error(`链条核验发现问题：${JSON.stringify(page.data.problem)}`);
      if (!page.data.next) break;
      from = page.data.next;
    }
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (checked < generated.audit) throw new Error(`只核验了 ${checked} 条，少于生成的 ${generated.audit} 条`);

    console.log(
      `dashboard: ${generated.households} 户、${generated.audit} 条留痕、${generated.tickets} 件工单、${generated.polls} 次表决；` +
        `村看板 ${village.ms.toFixed(0)} ms（按周 ${week.ms.toFixed(0)} ms），乡镇看板（2 村）${township.ms.toFixed(0)} ms，最多 ${Math.max(village.dbCalls, township.dbCalls, week.dbCalls)} 次 DB 往返；` +
        `参与汇总（一年）${rollupSeconds.toFixed(1)} s；封存 ${sealed} 条用 ${sealSeconds.toFixed(1)} s；核验 ${checked} 条 ${pages} 页（每页 ≤ ${maxDbCalls} 次往返）用 ${verifySeconds.toFixed(1)} s`,
    );
    return {
      dashboard_village_ms: Math.round(village.ms),
      dashboard_township_ms: Math.round(township.ms),
      dashboard_db_round_trips: Math.max(village.dbCalls, township.dbCalls, week.dbCalls),
      audit_verify_per_s: Math.round(checked / verifySeconds),
      audit_seal_per_s: Math.round(sealed / sealSeconds),
    };
  } finally {
    await emu.close();
  }
}

if (require.main === module) run().then((r) => console.log(r));
