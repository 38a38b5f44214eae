import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureClientBuild } from '../scripts/client-build';

/**
 * Before any test, once: the cloud-function bundles (integration tests run the real bundles) and the two
 * client builds when stale (the weapp simulate and browser tests load them; building here means no two
 * test workers build into the same folder at once). `CUNQUN_SKIP_CLIENT_BUILD=1` skips the client builds
 * for a developer running only server tests (the client tests then use whatever dist/ holds);
 * `CUNQUN_SKIP_FUNCTION_BUILD=1` skips the function bundles for one running only unit tests while a long run
 * (bench:day, reliability:long) is using the bundles.
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..');
  // the browser tests need Debian's Chromium and a CJK font: say so once, before they start
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const font = ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc'].some((f) => existsSync(f));
  if (!existsSync(chromium) || !font) {
    console.warn(`\n浏览器测试需要 Chromium 和文泉驿微米黑字体 / Browser tests need Chromium and a CJK font: sudo apt-get install -y chromium fonts-wqy-microhei${existsSync(chromium) ? '' : `（缺 ${chromium}，或设 CHROMIUM_PATH）`}\n`);
  }
  if (process.env.CUNQUN_SKIP_FUNCTION_BUILD !== '1') execSync('npx tsx scripts/build-functions.ts', { cwd: root, stdio: 'inherit' });
  if (process.env.CUNQUN_SKIP_CLIENT_BUILD === '1') return;
  ensureClientBuild('weapp');
  ensureClientBuild('h5');
}
