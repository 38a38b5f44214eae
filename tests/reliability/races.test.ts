/**
 * Races (issue 13): two committee members deciding the same application, claim, ticket or poll; two grid
 * workers converting the same lead; the last item redeemed twice; a pickup checked off while cancelled;
 * a vote racing the close; a redemption racing the year-end settlement; one request sent twice at once —
 * through the built functions on the emulator, several rounds each. One wins, the other gets a clear
 * error, the record shows one decision, the invariants hold. See support/races.ts.
 */
import type { Emulator } from '../../emulator';
import { startDemoEmulator } from '../../demo/start-demo';
import { RACE_KINDS, runRaces } from './support/races';

jest.setTimeout(5 * 60_000);

let emu: Emulator;

beforeAll(async () => {
  ({ emu } = await startDemoEmulator({ logFunctionErrors: false, workersPerFunction: 4 }));
});

afterAll(async () => {
  await emu?.close();
});

test(`${RACE_KINDS.length} kinds of race, 3 rounds each: one decision, clear errors, invariants whole`, async () => {
  expect(RACE_KINDS.length).toBeGreaterThanOrEqual(10);
  const report = await runRaces(emu, 3);
  expect(report.pairs).toBe(RACE_KINDS.length * 3);
  expect(report.problems).toEqual([]);
  expect(report.doubleDecisions).toBe(0);
});
