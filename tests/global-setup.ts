import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureClientBuild } from '../scripts/client-build';

/**
 * Before any test, once: the cloud-function bundles (integration tests run the real bundles) and the two
 * client builds when stale (the weapp simulate and browser tests load them; building here means no two
 * test workers build into the same folder at once). `CUNQUN_SKIP_CLIENT_BUILD=1` skips the client builds
 * for a developer running only server tests (the client tests then use whatever dist/ holds).
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..');
  execSync('npx tsx scripts/build-functions.ts', { cwd: root, stdio: 'inherit' });
  if (process.env.CUNQUN_SKIP_CLIENT_BUILD === '1') return;
  ensureClientBuild('weapp');
  ensureClientBuild('h5');
}
