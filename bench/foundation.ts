/**
 * Foundation figures: mini-program package sizes from the real weapp build, and the cost of one point
 * read through wx-server-sdk + the emulator against the same read straight from SQLite.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startEmulator } from '../emulator';
import { sdkFor } from '../demo/start-demo';
import { ensureClientBuild } from '../scripts/client-build';

const ROOT = join(__dirname, '..');
const WEAPP = join(ROOT, 'dist', 'weapp');
const READS = 2000;

function folderBytes(dir: string, skip: Set<string> = new Set()): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.has(path)) continue;
    total += entry.isDirectory() ? folderBytes(path, skip) : statSync(path).size;
  }
  return total;
}

/** Main package = everything outside the subpackage roots that app.json declares (as WeChat counts it). */
export function weappPackageSizes(weappDir = WEAPP): { mainKb: number; subpackageKbMax: number; subpackages: Record<string, number> } {
  const app = JSON.parse(readFileSync(join(weappDir, 'app.json'), 'utf8'));
  const roots: string[] = (app.subPackages ?? app.subpackages ?? []).map((p: { root: string }) => p.root.replace(/\/$/, ''));
  const rootPaths = new Set(roots.map((r) => join(weappDir, r)));
  const subpackages: Record<string, number> = {};
  for (const root of roots) subpackages[root] = round(folderBytes(join(weappDir, root)) / 1024);
  return {
    mainKb: round(folderBytes(weappDir, rootPaths) / 1024),
    subpackageKbMax: Math.max(0, ...Object.values(subpackages)),
    subpackages,
  };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function pointReads(): Promise<{ emulator: number; sqlite: number }> {
  const doc = { _id: 'household-0001', villageId: 'v1', gridId: 'g1', name: '李家', address: '青石村一组 12 号', members: 4 };

  const emu = await startEmulator({ port: 0, dataDir: null, functionsDir: null, collections: [{ name: 'bench_households', indexes: [] }] });
  try {
    const db = sdkFor(emu).database();
    await db.collection('bench_households').add({ data: doc });
    for (let i = 0; i < 100; i++) await db.collection('bench_households').doc(doc._id).get(); // warm up
    const viaSdk: number[] = [];
    for (let i = 0; i < READS; i++) {
      const t = process.hrtime.bigint();
      await db.collection('bench_households').doc(doc._id).get();
      viaSdk.push(Number(process.hrtime.bigint() - t) / 1e6);
    }

    // The same read straight from SQLite, in the shape the emulator stores documents (JSON text per row).
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE bench_households (id TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL)');
    sqlite.prepare('INSERT INTO bench_households VALUES (?, ?, 1)').run(doc._id, JSON.stringify(doc));
    const read = sqlite.prepare('SELECT doc FROM bench_households WHERE id = ?');
    const direct: number[] = [];
    for (let i = 0; i < READS; i++) {
      const t = process.hrtime.bigint();
      JSON.parse((read.get(doc._id) as { doc: string }).doc);
      direct.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    sqlite.close();
    return { emulator: round(p50(viaSdk), 3), sqlite: round(p50(direct), 4) };
  } finally {
    await emu.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  ensureClientBuild('weapp');
  const sizes = weappPackageSizes();
  const reads = await pointReads();
  return {
    weapp_main_kb: sizes.mainKb,
    weapp_subpackage_kb_max: sizes.subpackageKbMax,
    emulator_get_p50_ms: reads.emulator,
    sqlite_get_p50_ms: reads.sqlite,
  };
}
