/**
 * npm start: builds what is missing, starts the local CloudBase emulator on .data/, seeds the demo village
 * once, prints the URL and stops cleanly on Ctrl-C (the SQLite file is closed, nothing lost).
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_INVITE_CODE } from '../demo';
import { startDemoEmulator, type DemoEmulator } from '../demo/start-demo';
import { ensureClientBuild } from './client-build';

const ROOT = join(__dirname, '..');
const DATA_DIR = join(ROOT, '.data');
const DEFAULT_PORT = 8787;

function buildWhatIsMissing(): void {
  // Function bundles take about a second: always rebuild so they match the source.
  execSync('npx tsx scripts/build-functions.ts', { cwd: ROOT, stdio: 'inherit' });
  ensureClientBuild('h5');
}

async function listen(port: number): Promise<DemoEmulator> {
  const options = { dataDir: DATA_DIR, staticDir: join(ROOT, 'dist', 'h5'), timers: 'interval' as const };
  try {
    return await startDemoEmulator({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.env.PORT) throw error;
    console.log(`端口 ${port} 已被占用，改用随机端口。`);
    return startDemoEmulator({ ...options, port: 0 });
  }
}

async function main(): Promise<void> {
  buildWhatIsMissing();
  mkdirSync(DATA_DIR, { recursive: true });
  const { emu, seed } = await listen(Number(process.env.PORT ?? DEFAULT_PORT));

  console.log('');
  console.log(`村群治理 本地环境已启动：${emu.url}`);
  console.log(seed.seeded ? `已写入示范村数据（${seed.documents} 条）。` : '示范村数据已存在（删除 .data/ 可重新开始）。');
  console.log(`示范村邀请码：${DEMO_INVITE_CODE}（用“新访客”身份加入时填写）`);
  console.log(`订阅消息发件箱：${emu.url}/dev/outbox`);
  console.log('按 Ctrl-C 停止。');

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\n正在停止…');
    await emu.close();
    console.log('已停止，数据保存在 .data/。');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('启动失败：', error);
  process.exit(1);
});
