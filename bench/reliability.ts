/**
 * Reliability under faults (issue 13), the quick mode of each harness (the long runs: `npm run fuzz`,
 * `npm run reliability:long`):
 * - crash_points_tried: every (write action, k) pair — the action cut after its k-th DB call, then left,
 *   retried with the same requestId, and given up to the timers; crash_invariant_violations must be 0.
 *   Also counted: a never-retried crash that left a change without its audit record (the retry heals it),
 *   or an audit record ahead of its change (submitReport: the retry finishes it), and healed records whose
 *   `details` differ from a clean run's.
 * - race_pairs_tried over race_kinds kinds (3 rounds each), race_double_decisions must be 0;
 * - fuzz_inputs_per_action (200 here), fuzz_crashes (thrown, `internal`, unknown code or timeout) and
 *   fuzz_partial_writes must be 0;
 * - emulator_kill9_lost_acked_writes over emulator_kill9_kills (20) kills, with corruption and half files.
 */
import { startDemoEmulator } from '../demo/start-demo';
import { runCrashHarness } from '../tests/reliability/support/crash';
import { runFuzz } from '../tests/reliability/support/fuzz';
import { runKill9 } from '../tests/reliability/support/kill9';
import { RACE_KINDS, runRaces } from '../tests/reliability/support/races';
import { recordScenarios } from '../tests/reliability/support/scenarios';

export async function run(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  {
    const { emu } = await startDemoEmulator({ logFunctionErrors: false });
    try {
      const rec = await recordScenarios(emu);
      const crash = await runCrashHarness(emu, rec);
      figures.crash_points_tried = crash.pairs.length;
      figures.crash_write_actions = new Set(crash.pairs.map((p) => p.action)).size;
      figures.crash_invariant_violations = crash.violations.length;
      figures.crash_unaudited_if_never_retried = crash.unaudited.length;
      figures.crash_audit_ahead_if_never_retried = crash.auditAhead.length;
      figures.crash_healed_audit_details_differ = crash.healedDetails.length;
      for (const v of crash.violations.slice(0, 20)) console.log(`crash violation: ${v.action} k=${v.k} ${v.mode} ${v.rule} ${v.detail.slice(0, 200)}`);
    } finally {
      await emu.close();
    }
  }
  {
    const { emu } = await startDemoEmulator({ logFunctionErrors: false, workersPerFunction: 4 });
    try {
      const races = await runRaces(emu, 3);
      figures.race_kinds = RACE_KINDS.length;
      figures.race_pairs_tried = races.pairs;
      figures.race_double_decisions = races.doubleDecisions;
      figures.race_problems = races.problems.length;
      for (const p of races.problems.slice(0, 20)) console.log(`race problem: ${p.slice(0, 300)}`);
    } finally {
      await emu.close();
    }
  }
  {
    const perAction = 200;
    const fuzz = await runFuzz(perAction);
    figures.fuzz_inputs_per_action = perAction;
    figures.fuzz_actions = Object.keys(fuzz.inputs).length;
    figures.fuzz_crashes = fuzz.findings.filter((f) => f.kind !== 'partial_write').length;
    figures.fuzz_partial_writes = fuzz.findings.filter((f) => f.kind === 'partial_write').length;
    for (const f of fuzz.findings.slice(0, 20)) console.log(`fuzz finding: ${f.action} ${f.kind} ${f.detail.slice(0, 120)} ${JSON.stringify(f.event).slice(0, 200)}`);
  }
  {
    const k = await runKill9(20);
    figures.emulator_kill9_kills = k.kills;
    figures.emulator_kill9_acked_writes = k.acked_writes;
    figures.emulator_kill9_lost_acked_writes = k.lost_acked_writes + k.lost_acked_uploads;
    figures.emulator_kill9_corrupt = k.integrity_failures + k.partial_batches + k.partial_files;
  }
  console.log(`reliability: ${figures.crash_points_tried} crash points (${figures.crash_invariant_violations} violations), ${figures.race_pairs_tried} race pairs (${figures.race_double_decisions} double decisions), fuzz ${figures.fuzz_inputs_per_action}/action (${figures.fuzz_crashes} crashes, ${figures.fuzz_partial_writes} partial writes), kill -9 ×${figures.emulator_kill9_kills} (${figures.emulator_kill9_lost_acked_writes} lost)`);
  return figures;
}
