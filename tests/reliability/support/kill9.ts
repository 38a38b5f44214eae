/**
 * The emulator's own store under kill -9: an emulator process (support/emulator-child.ts) over a data
 * folder takes a write load through the real wx-server-sdk — batches of documents (one insertDocument
 * each, like an import) and file uploads — and is killed with SIGKILL at a random moment. Then the store is
 * opened again and checked: every write that was acknowledged is there, every batch is whole or absent,
 * SQLite's integrity check passes, and every stored file is complete. Round after round on the same folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../emulator/store/sqlite-store';
import { REPO_ROOT } from './actions';

export interface Kill9Figures {
  kills: number;
  acked_writes: number;
  lost_acked_writes: number;
  partial_batches: number;
  integrity_failures: number;
  acked_uploads: number;
  lost_acked_uploads: number;
  partial_files: number;
}

const BATCH = 20;
const WRITERS = 4;

/** A file's content follows from its name, so a stored file can be checked without remembering it. */
function contentOf(name: string): Buffer {
  const seed = createHash('sha256').update(name).digest();
  const out = Buffer.alloc(64 * 1024 + seed[0] * 256);
  for (let i = 0; i < out.length; i += seed.length) seed.copy(out, i);
  return out;
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; serviceUrl: string; envId: string }> {
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'emulator-child.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`emulator child exited (${code}): ${err}`)));
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export async function runKill9(rounds: number, log: (line: string) => void = () => undefined): Promise<Kill9Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cunqun-kill9-'));
  const figures: Kill9Figures = { kills: 0, acked_writes: 0, lost_acked_writes: 0, partial_batches: 0, integrity_failures: 0, acked_uploads: 0, lost_acked_uploads: 0, partial_files: 0 };
  const acked = new Set<string>();
  const ackedFiles = new Set<string>();
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  try {
    for (let round = 0; round < rounds; round++) {
      const { child, serviceUrl, envId } = await startChild(dataDir);
      const sdk = cloud.createNewInstance({ env: envId, serviceUrl, secretId: 'local', secretKey: 'local' });
      const col = sdk.database().collection('kill9');
      let alive = true;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      const writer = async (w: number) => {
        for (let seq = 0; alive; seq++) {
          const ids = Array.from({ length: BATCH }, (_, j) => `r${round}-w${w}-s${seq}-${j}`);
          try {
            // one insertDocument carrying the whole batch: one SQLite transaction
            await col.add({ data: ids.map((_id) => ({ _id, batch: `r${round}-w${w}-s${seq}`, size: BATCH, pad: 'x'.repeat(200) })) });
            for (const id of ids) acked.add(id);
          } catch {
            return;
          }
        }
      };
      const uploader = async () => {
        for (let seq = 0; alive; seq++) {
          const cloudPath = `kill9/r${round}-u${seq}.bin`;
          try {
            await sdk.uploadFile({ cloudPath, fileContent: contentOf(cloudPath) });
            ackedFiles.add(cloudPath);
          } catch {
            return;
          }
        }
      };
      const load = Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), uploader()]);
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 700)));
      child.kill('SIGKILL');
      alive = false;
      await exited;
      await load;
      figures.kills += 1;

      // reopen and check
      const store = new SqliteStore(dataDir);
      try {
        const check = store.db.pragma('integrity_check', { simple: true });
        if (check !== 'ok') figures.integrity_failures += 1;
        const docs = store.hasCollection('kill9') ? store.all('kill9') : [];
        const present = new Set(docs.map((d) => String(d._id)));
        for (const id of acked) if (!present.has(id)) figures.lost_acked_writes += 1;
        const batches = new Map<string, number>();
        for (const d of docs) batches.set(d.batch, (batches.get(d.batch) ?? 0) + 1);
        for (const [, n] of batches) if (n !== BATCH) figures.partial_batches += 1;
      } finally {
        store.close();
      }
      const storageRoot = join(dataDir, 'storage');
      const stored = filesUnder(storageRoot);
      for (const path of ackedFiles) if (!stored.some((f) => f.endsWith(path))) figures.lost_acked_uploads += 1;
      for (const file of stored) {
        const rel = file.slice(file.indexOf('kill9/'));
        if (file.endsWith('.partial')) continue; // written aside, never served under its path
        if (!readFileSync(file).equals(contentOf(rel))) figures.partial_files += 1;
      }
      log(`kill ${round + 1}: ${acked.size} acked writes, ${ackedFiles.size} acked uploads so far`);
    }
    figures.acked_writes = acked.size;
    figures.acked_uploads = ackedFiles.size;
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
