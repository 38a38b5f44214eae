/**
 * npm start: builds what is missing, starts the local CloudBase emulator on .data/, seeds the demo village
 * once, prints the URL and stops cleanly on Ctrl-C (the SQLite file is closed, nothing lost).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { collections } from '../server/collections';
import { personas, seedDemo, DEMO_INVITE_CODE } from '../demo';

const ROOT = join(__dirname, '..');
const DATA_DIR = join(ROOT, '.data');
const DEFAULT_PORT = 8787;

/** The newest modification time under a folder (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildWhatIsMissing(): void {
  // Function bundles take about a second: always rebuild so they match the source.
  execSync('npx tsx scripts/build-functions.ts', { cwd: ROOT, stdio: 'inherit' });
  const h5Index = join(ROOT, 'dist', 'h5', 'index.html');
  const clientChanged = newestMtime(join(ROOT, 'client', 'src')) > (existsSync(h5Index) ? statSync(h5Index).mtimeMs : 0);
  const serverTypesChanged = newestMtime(join(ROOT, 'server')) > (existsSync(h5Index) ? statSync(h5Index).mtimeMs : 0);
  if (clientChanged || serverTypesChanged) {
    console.log('正在构建 H5 页面（首次约需一两分钟）…');
    execSync('npm run build:h5', { cwd: ROOT, stdio: 'inherit' });
  }
}

/** A wx-server-sdk in this process, pointed at the emulator, for seeding through the same wire as functions. */
function sdkFor(emu: Emulator) {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  return cloud.createNewInstance({ env: emu.envId, serviceUrl: emu.serviceUrl, secretId: 'local', secretKey: 'local' });
}

async function listen(port: number): Promise<Emulator> {
  const options = {
    dataDir: DATA_DIR,
    functionsDir: join(ROOT, 'cloudfunctions'),
    staticDir: join(ROOT, 'dist', 'h5'),
    collections,
    personas,
    timers: 'interval' as const,
  };
  try {
    return await startEmulator({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.env.PORT) throw error;
    console.log(`端口 ${port} 已被占用，改用随机端口。`);
    return startEmulator({ ...options, port: 0 });
  }
}

async function main(): Promise<void> {
  buildWhatIsMissing();
  mkdirSync(DATA_DIR, { recursive: true });
  const emu = await listen(Number(process.env.PORT ?? DEFAULT_PORT));
  const seed = await seedDemo(sdkFor(emu).database(), emu.clock.now());

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
