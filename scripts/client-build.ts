/**
 * The two client builds (dist/weapp, dist/h5), made only when missing or older than what they are built
 * from: client/ and the pure tables the client compiles in from server/ (transition tables, rules, the
 * import parser). One place decides, so tests, npm start and the bench agree; jest's global setup calls
 * it once, before any worker starts, so no two test files ever build into the same folder at once.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export type ClientTarget = 'weapp' | 'h5';

const MARKER: Record<ClientTarget, string> = { weapp: 'app.json', h5: 'index.html' };

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function clientBuildIsFresh(target: ClientTarget): boolean {
  const marker = join(ROOT, 'dist', target, MARKER[target]);
  if (!existsSync(marker)) return false;
  const sources = Math.max(newestMtime(join(ROOT, 'client', 'src')), newestMtime(join(ROOT, 'client', 'config')), newestMtime(join(ROOT, 'server')));
  return statSync(marker).mtimeMs >= sources;
}

/** Builds the target when it is missing or stale; answers whether it built. */
export function ensureClientBuild(target: ClientTarget): boolean {
  if (clientBuildIsFresh(target)) return false;
  console.log(`正在构建 ${target === 'weapp' ? '小程序' : 'H5'}（dist/${target}）…`);
  execSync(`npx taro build --type ${target} --no-check`, { cwd: join(ROOT, 'client'), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return true;
}
