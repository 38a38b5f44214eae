/**
 * A file of a public repository, from a checkout or from its bare git dir (what `fetch` brings onto this
 * machine): the preparers and the outside check read the sources the same way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readSourceFile(root: string, path: string): Buffer {
  if (existsSync(join(root, path))) return readFileSync(join(root, path));
  const gitDir = existsSync(join(root, '.git')) ? join(root, '.git') : root;
  return execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 });
}
