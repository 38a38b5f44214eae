/**
 * npm run fuzz — the long fuzz run (issue 13): 10,000 inputs per action of every action table (override:
 * `npm run fuzz -- 2000`, a seed with CUNQUN_FUZZ_SEED, some actions only with
 * `npm run fuzz -- 10000 patrol.noticesToHear ledger`), in-process through the real router over the demo
 * township. Prints each action's answers and the figures; exits 1 on any crash, unknown code, timeout or
 * partial write. About 1½ hours on 2 cores (≈ 0.5 s per 100 inputs of an action).
 */
import { runFuzz } from '../tests/reliability/support/fuzz';

async function main(): Promise<void> {
  const perAction = Number(process.argv[2] ?? 10_000);
  const started = Date.now();
  // after the count: function names (ledger) or function.action (patrol.noticesToHear); none = every action
  const only = process.argv.slice(3);
  const chosen = (a: { fn: string; action: string }) => only.length === 0 || only.includes(a.fn) || only.includes(`${a.fn}.${a.action}`);
  const report = await runFuzz(perAction, { seed: Number(process.env.CUNQUN_FUZZ_SEED ?? 1013), only: chosen, log: (line) => console.log(line) });
  if (Object.keys(report.inputs).length === 0) throw new Error(`没有这样的函数或操作：${only.join(' ')}`);
  const crashes = report.findings.filter((f) => f.kind !== 'partial_write');
  const partial = report.findings.filter((f) => f.kind === 'partial_write');
  for (const f of report.findings.slice(0, 50)) console.log(`FINDING ${f.action} ${f.kind}: ${f.detail.slice(0, 300)} — as ${f.openid}: ${JSON.stringify(f.event).slice(0, 400)}`);
  const figures = {
    fuzz_actions: Object.keys(report.inputs).length,
    fuzz_inputs_per_action: Math.min(...Object.values(report.inputs)),
    fuzz_inputs_total: Object.values(report.inputs).reduce((a, b) => a + b, 0),
    fuzz_crashes: crashes.length,
    fuzz_partial_writes: partial.length,
    fuzz_minutes: Math.round((Date.now() - started) / 6000) / 10,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (report.findings.length) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
