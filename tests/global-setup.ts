import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the cloud-function bundles once before any test: integration tests run the real bundles. */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..');
  if (existsSync(join(root, 'scripts', 'build-functions.ts'))) {
    execSync('npx tsx scripts/build-functions.ts', { cwd: root, stdio: 'inherit' });
  }
}
