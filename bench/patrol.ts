/**
 * 巡群 beyond the scanner (bench/patrol-scan.ts has the scanner's figures):
 *   patrol_fingerprint_us        MinHash fingerprint of one chat message (the clustering cost per message)
 *   patrol_import_msgs_per_s     messages a grid worker's import stores per second, through the built
 *                                bundle in the emulator (parse on the "client", batches, scan, cluster, insert)
 *   patrol_queue_page_ms         one triage-queue page (20 leads with cluster counts) over a village with
 *                                ~1,000 imported messages, through the bundle in the emulator
 * Round trips are counted in bench/round-trips.ts (patrolTour).
 */
import { startDemoEmulator } from '../demo/start-demo';
import { demoChatRecord } from '../demo/patrol';
import { DEMO_OPENIDS as P } from '../demo/village';
import { fingerprint } from '../server/patrol/cluster';
import { toImportBatches } from '../server/patrol/batches';
import { parseChatRecord } from '../server/patrol/import';


export async function run(): Promise<Record<string, number>> {
  const text = demoChatRecord(Date.UTC(2025, 4, 1));
  const parsed = parseChatRecord(text);
  if (!parsed.ok) throw new Error('demo chat');
  const texts = parsed.messages.map((m) => m.text);
  let t = process.hrtime.bigint();
  const rounds = 200;
  for (let r = 0; r < rounds; r++) for (const s of texts) fingerprint('qingshi', s);
  const fingerprintUs = Number(process.hrtime.bigint() - t) / 1000 / (rounds * texts.length);

  const { emu } = await startDemoEmulator();
  try {
    let n = 0;
    const invoke = async (action: string, payload: Record<string, unknown>) => {
      const out = await emu.invoke('patrol', { action, payload: { villageId: 'qingshi', ...payload }, requestId: `bench-patrol-${++n}` }, { openid: P.gridWorker });
      const r = out.result as { ok: boolean; error?: { code: string } };
      if (!r?.ok) throw new Error(`${action}: ${r?.error?.code ?? out.errMsg}`);
      return r;
    };
    // ten different days of the village chat: ~1,000 new messages
    let stored = 0;
    t = process.hrtime.bigint();
    for (let day = 1; day <= 10; day++) {
      const chat = parseChatRecord(demoChatRecord(emu.clock.now() + day * 24 * 3600_000));
      if (!chat.ok) throw new Error('chat');
      for (const batch of toImportBatches(chat.messages)) await invoke('importMessages', { messages: batch, groupName: '青石村村民群' });
      stored += chat.messages.length;
    }
    const importSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const pages = 20;
    t = process.hrtime.bigint();
    for (let i = 0; i < pages; i++) await invoke('listQueue', { pageSize: 20 });
    const queueMs = Number(process.hrtime.bigint() - t) / 1e6 / pages;
    const figures = {
      patrol_fingerprint_us: Math.round(fingerprintUs * 100) / 100,
      patrol_import_msgs_per_s: Math.round(stored / importSeconds),
      patrol_queue_page_ms: Math.round(queueMs * 10) / 10,
    };
    console.log('patrol', figures);
    return figures;
  } finally {
    await emu.close();
  }
}

if (require.main === module) run().catch((e) => (console.error(e), process.exit(1)));
