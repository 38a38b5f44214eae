/**
 * Grid figures. Submit under load through the whole function path — autocannon → POST /api/functions/grid
 * (the H5 route, bearer tokens from /dev/login) → the function host (worker threads) → the bundle →
 * wx-server-sdk → the emulator's database — at 50 concurrent connections for 20 s on loopback, each request
 * a fresh requestId (a new ticket). Then plain SDK point reads against the same emulator in the same run,
 * so `ticket_submit_vs_sdk_read` compares the two on the same machine at the same moment.
 *   ticket_submit_per_s, ticket_submit_p99_ms, ticket_submit_errors (non-2xx, invocation failures and
 *   answers that are not ok), ticket_submit_vs_sdk_read = submits/s ÷ SDK point reads/s.
 * Goals (docs/ARCHITECTURE.md): ratio ≥ 0.2, p99 ≤ 200 ms, 0 errors.
 * The emulator runs in a process of its own (as under npm start) and the load comes from this one, as
 * clients would send it: a load generator on the server's own event loop would slow the server it measures.
 * Both are measured warm: 5 s of the same load first (not counted), as the reads get 200 first.
 * Environment: BENCH_GRID_SECONDS (default 20), BENCH_GRID_CONNECTIONS (default 50), BENCH_GRID_WARM_SECONDS (5).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { sdkFor } from '../demo/start-demo';

const ROOT = join(__dirname, '..');
const SECONDS = Number(process.env.BENCH_GRID_SECONDS || 20);
const CONNECTIONS = Number(process.env.BENCH_GRID_CONNECTIONS || 50);
const READ_SECONDS = Math.max(3, Math.round(SECONDS / 4));
const WARM_SECONDS = Number(process.env.BENCH_GRID_WARM_SECONDS || 5);

const REPORTS = [
  { categoryId: 'water_power', text: '东头组水管爆了，一直在冒水' },
  { categoryId: 'road', text: '西头组路口有个大坑，晚上看不见' },
  { categoryId: 'sanitation', text: '村口垃圾好几天没人清运' },
  { categoryId: 'dispute', text: '邻居占道堆放杂物，吵了好几次' },
];

interface EmulatorProcess {
  url: string;
  serviceUrl: string;
  envId: string;
  child: ChildProcess;
}

/** Starts bench/support/emulator-process.ts and waits for the line that says where it listens. */
function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'emulator-process.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator process exited early (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ ...JSON.parse(line), child }));
  });
}

export async function run(): Promise<Record<string, number>> {
  const emu = await startEmulatorProcess();
  try {
    const db = sdkFor(emu).database();

    // villagers of 青石村 reporting at once (each request its own requestId: every request makes a ticket)
    const tokens: string[] = [];
    for (const id of ['resident', 'elder', 'grid_worker', 'committee']) {
      const res = await fetch(`${emu.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personaId: id }) });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    let n = 0;
    let failed = 0;
    const request = () => {
      const i = n++;
      return {
        method: 'POST' as const,
        path: '/api/functions/grid',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
        body: JSON.stringify({ action: 'submitReport', payload: { villageId: 'qingshi', ...REPORTS[i % REPORTS.length] }, requestId: `bench-${process.pid}-${i.toString(36)}-x` }),
      };
    };
    const load = (seconds: number) =>
      autocannon({
        url: emu.url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({ ...req, ...request() }),
            onResponse: (status, body) => {
              if (status !== 200 || !body.startsWith('{"result":{"ok":true')) failed++;
            },
          },
        ],
      });
    // warm up at the same load, not measured: every worker of the pool started and its code compiled, as in
    // a service that has been up for a while (a cold start is a different figure)
    await load(WARM_SECONDS);
    failed = 0;

    const result = await load(SECONDS);
    const submitsPerS = result.requests.average;
    const errors = result.non2xx + result.errors + result.timeouts + failed;
    console.log(`grid submit: ${result.requests.total} in ${SECONDS} s at ${CONNECTIONS} connections, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors}`);

    const readsPerS = await sdkPointReads(db);
    console.log(`sdk point reads: ${Math.round(readsPerS)}/s`);
    return {
      ticket_submit_per_s: Math.round(submitsPerS),
      ticket_submit_p99_ms: result.latency.p99,
      ticket_submit_errors: errors,
      ticket_submit_vs_sdk_read: Math.round((submitsPerS / readsPerS) * 1000) / 1000,
    };
  } finally {
    emu.child.removeAllListeners('exit');
    await new Promise((done) => {
      emu.child.once('exit', done);
      emu.child.kill('SIGTERM');
    });
  }
}

/** Plain wx-server-sdk point reads of one register document, CONNECTIONS in flight, for READ_SECONDS. */
async function sdkPointReads(db: any): Promise<number> {
  const collection = db.collection('register');
  const id = 'qingshi:village';
  for (let i = 0; i < 200; i++) await collection.doc(id).get();
  let count = 0;
  const until = Date.now() + READ_SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        await collection.doc(id).get();
        count++;
      }
    }),
  );
  return count / ((Date.now() - started) / 1000);
}
