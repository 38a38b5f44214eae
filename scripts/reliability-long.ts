/**
 * npm run reliability:long — the long crash, race and kill -9 runs (issue 13):
 * - every successful write invocation the demo tours make (not only the first of each action), each cut
 *   after every DB call and left / retried / given up to the timers;
 * - every race kind, 20 rounds;
 * - 20 kills of the emulator during a write load.
 * Prints the figures; exits 1 on any violation. (The fuzz long run is `npm run fuzz`.)
 */
import { startDemoEmulator } from '../demo/start-demo';
import { runCrashHarness } from '../tests/reliability/support/crash';
import { runKill9 } from '../tests/reliability/support/kill9';
import { RACE_KINDS, runRaces } from '../tests/reliability/support/races';
import { recordScenarios } from '../tests/reliability/support/scenarios';

async function main(): Promise<void> {
  const figures: Record<string, number> = {};
  let failed = false;
  {
    const { emu } = await startDemoEmulator({ logFunctionErrors: false });
    try {
      const rec = await recordScenarios(emu, 'long', true);
      const crash = await runCrashHarness(emu, rec, { everyScenario: true, log: (l) => console.log(l) });
      figures.crash_points_tried = crash.pairs.length;
      figures.crash_invariant_violations = crash.violations.length;
      figures.crash_unaudited_if_never_retried = crash.unaudited.length;
      figures.crash_audit_ahead_if_never_retried = crash.auditAhead.length;
      figures.crash_healed_audit_details_differ = crash.healedDetails.length;
      for (const v of crash.violations) console.log(`VIOLATION ${v.action} k=${v.k} ${v.mode} ${v.rule}: ${v.detail.slice(0, 400)}`);
      failed ||= crash.violations.length > 0;
    } finally {
      await emu.close();
    }
  }
  {
    const { emu } = await startDemoEmulator({ logFunctionErrors: false, workersPerFunction: 4 });
    try {
      const races = await runRaces(emu, 20, (l) => console.log(l));
      figures.race_kinds = RACE_KINDS.length;
      figures.race_pairs_tried = races.pairs;
      figures.race_double_decisions = races.doubleDecisions;
      for (const p of races.problems) console.log(`RACE ${p}`);
      failed ||= races.problems.length > 0;
    } finally {
      await emu.close();
    }
  }
  const k = await runKill9(20, (l) => console.log(l));
  figures.emulator_kill9_kills = k.kills;
  figures.emulator_kill9_acked_writes = k.acked_writes;
  figures.emulator_kill9_lost_acked_writes = k.lost_acked_writes + k.lost_acked_uploads;
  figures.emulator_kill9_corrupt = k.integrity_failures + k.partial_batches + k.partial_files;
  failed ||= figures.emulator_kill9_lost_acked_writes + figures.emulator_kill9_corrupt > 0;
  console.log(JSON.stringify(figures, null, 2));
  if (failed) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
