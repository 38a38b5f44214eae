/**
 * Every action of every action table fuzzed from its zod contract (quick: 200 inputs per action;
 * `npm run fuzz` runs 10,000): each input is answered ok or with a known error code — never a thrown
 * error, `internal`, a timeout, or a refusal that changed a document. See support/fuzz.ts.
 */
import { runFuzz } from './support/fuzz';
import { allActions, actionKey } from './support/actions';

jest.setTimeout(10 * 60_000);

const PER_ACTION = Number(process.env.CUNQUN_FUZZ_PER_ACTION ?? 200);

test(`${PER_ACTION} inputs to every action: known answers only, no crash, no timeout, no partial write`, async () => {
  const report = await runFuzz(PER_ACTION, { seed: Number(process.env.CUNQUN_FUZZ_SEED ?? 13) });
  for (const a of allActions()) expect(report.inputs[actionKey(a)]).toBe(PER_ACTION);
  const findings = report.findings.map((f) => `${f.action} ${f.kind}: ${f.detail.slice(0, 200)} — as ${f.openid}: ${JSON.stringify(f.event).slice(0, 300)}`);
  expect(findings).toEqual([]);
});
