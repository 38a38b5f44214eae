/**
 * In the mini-program a page module exports only its page: Taro's loader wraps it, so another file that
 * imports a named export from it gets undefined, and that page breaks in WeChat while the browser build
 * works (the 线索 page once did, importing LeadRow from the queue page). Shared pieces live in modules of
 * their own; this test keeps it so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '..', '..', 'client', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A folder with index.config.ts is a page; its index.tsx is the page module. */
function pageModuleOf(importer: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = resolve(dirname(importer), spec);
  const candidates = [target, `${target}.tsx`, `${target}.ts`, join(target, 'index.tsx')];
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!file || !file.endsWith(`${join('', 'index.tsx')}`)) return null;
  return existsSync(join(dirname(file), 'index.config.ts')) ? file : null;
}

test('no file imports from a page module', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gm)) {
      const page = pageModuleOf(file, m[1]);
      if (page && page !== file) offenders.push(`${relative(SRC, file)} imports ${relative(SRC, page)}`);
    }
  }
  expect(offenders).toEqual([]);
});
