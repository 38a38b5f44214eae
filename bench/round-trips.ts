/**
 * db_round_trips_max: the most cloud-DB calls any action makes, counted by the emulator per invocation
 * (every SDK database request from the function's worker), over a tour of every action on the demo
 * village — first tries and retries with the same requestId.
 */
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { collections } from '../server/collections';
import { accountTour, deliberationTour, gridTour, ledgerTour, patrolTour, seedDemo } from '../demo';

const ROOT = join(__dirname, '..');

export async function run(): Promise<Record<string, number>> {
  const emu = await startEmulator({ port: 0, dataDir: null, functionsDir: join(ROOT, 'cloudfunctions'), collections });
  try {
    process.env.TENCENTCLOUD = 'true';
    process.env.SILENCE = 'true';
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const cloud = require('wx-server-sdk');
    await seedDemo(cloud.createNewInstance({ env: emu.envId, serviceUrl: emu.serviceUrl, secretId: 'local', secretKey: 'local' }).database(), emu.clock.now());
    const invoker = (fn: string) => async (openid: string, event: { action: string; payload: unknown; requestId: string }) => {
      const answer = await emu.invoke(fn, event, { openid });
      const result = (answer.result ?? {}) as { ok?: boolean; data?: unknown; error?: { code: string; message: string } };
      return { ok: result.ok === true, data: result.data, error: result.error, dbCalls: answer.dbCalls };
    };
    const steps = [...(await accountTour(invoker('account'))), ...(await gridTour(invoker('grid'))), ...(await patrolTour(invoker('patrol'))), ...(await deliberationTour(invoker('deliberation'), emu.clock.now())), ];
    // the ledger's tour apart as well: its redemption and cancellation move two documents in one transaction
    const ledgerSteps = await ledgerTour(invoker('ledger'));
    steps.push(...ledgerSteps);
    const txnActions = new Set(['redeem', 'cancelRedemption']);
    const worstOf = (list: typeof ledgerSteps) => list.reduce((max, s) => Math.max(max, s.dbCalls, s.retryDbCalls), 0);
    const ledgerSingle = worstOf(ledgerSteps.filter((s) => !txnActions.has(s.action)));
    const ledgerTxn = worstOf(ledgerSteps.filter((s) => txnActions.has(s.action)));
    console.log(`ledger: single-document actions ≤ ${ledgerSingle}; redeem / cancelRedemption (read + transaction + audit) ${ledgerTxn}`);
    const worst = steps.reduce((max, s) => Math.max(max, s.dbCalls, s.retryDbCalls), 0);
    const worstSteps = steps.filter((s) => Math.max(s.dbCalls, s.retryDbCalls) === worst).map((s) => s.action);
    console.log(`db_round_trips_max ${worst}（${[...new Set(worstSteps)].join('、')}）`);
    return { db_round_trips_max: worst, ledger_round_trips_max_single_document: ledgerSingle, ledger_round_trips_redemption: ledgerTxn };
  } finally {
    await emu.close();
  }
}
