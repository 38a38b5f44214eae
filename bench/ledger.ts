/**
 * ledger_transfers_per_s: redemptions through the built `ledger` function in the emulator — each one a
 * transfer of points from a household to the shop's account, with the stock held on the goods first —
 * four at a time, from eight households. ledger_vs_sqlite_ratio: the same number of raw SQLite inserts in
 * the same run, per second, divided by it (lower is better). Also printed: what one transfer costs
 * (DB requests, ms per invocation, ms of the one combined read) — what dominates.
 */
import Database from 'better-sqlite3';
import { DEMO_OPENIDS as P, DEMO_SHOPKEEPER_OPENID } from '../demo';
import { startDemoEmulator } from '../demo/start-demo';

const TRANSFERS = 240;
const CONCURRENCY = 4;
const DAY = 24 * 3600_000;

export async function run(): Promise<Record<string, number>> {
  const { emu, sdk } = await startDemoEmulator();
  try {
    let n = 0;
    const call = async (openid: string, action: string, payload: Record<string, unknown>) => {
      const out = await emu.invoke('ledger', { action, payload: { villageId: 'qingshi', ...payload }, requestId: `bench-ledger-${++n}` }, { openid });
      const r = out.result as { ok: boolean; data?: any; error?: { code: string } };
      if (!r?.ok) throw new Error(`${action}: ${r?.error?.code ?? out.errMsg}`);
      return { data: r.data, dbCalls: out.dbCalls };
    };

    // setup (not measured): a generous rule, one claim per household, approved, posted by the timer
    const households = ['h01', 'h02', 'h03', 'h04', 'h10', 'h13', 'h25', 'h26'];
    const home = (await call(P.committee, 'ledgerHome', {})).data;
    const rule = (await call(P.committee, 'saveRule', { baseVersion: home.catalogue.version, category: '志愿服务', name: '基准测试用', points: 100, period: 'year', limit: null, source: 'claim', enabled: true, note: '' })).data.rules.find((r: { name: string }) => r.name === '基准测试用');
    for (const h of households) {
      const { claim } = (await call(P.committee, 'submitClaim', { ruleId: rule.ruleId, householdId: `qingshi:h:${h}`, note: '基准测试' })).data;
      await call(P.committee, 'reviewClaim', { householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
    }
    emu.clock.advance(4 * DAY);
    await emu.runDueTimers();
    // one shelf item per lane: redemptions of ONE item all fight over its document (a village shop rarely sees that)
    const shelf: { goodsId: string }[] = [];
    for (let lane = 0; lane < CONCURRENCY; lane += 1) shelf.push((await call(DEMO_SHOPKEEPER_OPENID, 'saveGoods', { name: `基准测试商品${lane + 1}`, unit: '件', price: 1, addStock: TRANSFERS })).data);
    const buyers = [P.resident, P.elder, P.gridWorker, P.committee, 'demo-qingshi-committee-2', 'demo-qingshi-gridworker-2', 'demo-qingshi-h25-49', 'demo-qingshi-h26-52'];

    emu.stats.reset();
    let next = 0;
    let dbCalls = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, lane) => {
        while (next < TRANSFERS) {
          next += 1;
          // each lane has its own two households and its own item
          const who = buyers[2 * lane + (next % 2)];
          const goodsId = shelf[lane].goodsId;
          const out = await call(who, 'redeem', { goodsId, qty: 1, price: 1 });
          dbCalls += out.dbCalls;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const transfersPerS = TRANSFERS / seconds;
    const invocations = emu.stats.invocations.filter((i) => i.action === 'redeem');
    const msPerInvocation = invocations.reduce((s, i) => s + i.ms, 0) / Math.max(1, invocations.length);

    // the one combined read on its own (the $lookup joins), through the SDK from here
    const db = sdk.database();
    const readStarted = performance.now();
    for (let i = 0; i < 20; i += 1) {
      await db
        .collection('ledger')
        .aggregate()
        .match({ _id: 'qingshi:ledger' })
        .limit(1)
        .lookup({ from: 'register', let: {}, pipeline: [{ $match: { _id: { $in: ['qingshi:u:demo-resident'] } } }], as: '_people' })
        .lookup({ from: 'ledger', let: { hh: '$_people.householdId' }, pipeline: [{ $match: { kind: 'account', $expr: { $in: ['$householdId', '$$hh'] } } }], as: '_households' })
        .end();
    }
    const readMs = (performance.now() - readStarted) / 20;

    // the same number of raw SQLite inserts, in the same run
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT)');
    const insert = sqlite.prepare('INSERT INTO t (id, doc) VALUES (?, ?)');
    const sqliteStarted = performance.now();
    for (let i = 0; i < TRANSFERS; i += 1) insert.run(`k${i}`, JSON.stringify({ amount: 1, household: i % 8 }));
    const sqliteSeconds = (performance.now() - sqliteStarted) / 1000;
    sqlite.close();
    const sqlitePerS = TRANSFERS / sqliteSeconds;

    console.log(
      `ledger: ${TRANSFERS} transfers in ${seconds.toFixed(2)} s (${transfersPerS.toFixed(0)}/s, ${CONCURRENCY} at a time); ` +
        `${(dbCalls / TRANSFERS).toFixed(1)} DB requests each (read 1 + stock hold 1 + account debit 1, the audit record riding in the debit; a debit that loses a race gives its hold back: 4); ` +
        `${msPerInvocation.toFixed(1)} ms per invocation, of which the combined read alone ≈ ${readMs.toFixed(1)} ms(the $lookup joins read only the documents they can match, through the SQL pre-filter). ` +
        `SQLite: ${sqlitePerS.toFixed(0)} inserts/s. What dominates: round trips (8 HTTP requests to the emulator per transfer — one transaction, each signed and serialised by wx-server-sdk and EJSON-encoded and decoded by the emulator), not SQLite.`,
    );
    return { ledger_transfers_per_s: Math.round(transfersPerS), ledger_vs_sqlite_ratio: Math.round(sqlitePerS / transfersPerS) };
  } finally {
    await emu.close();
  }
}

if (require.main === module) run().then((r) => console.log(r));
