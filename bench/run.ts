/**
 * npm run bench: runs every benchmark module, prints a table and writes bench/results.json,
 * a flat object of named figures. Each module exports `run(): Promise<Record<string, number>>`.
 */
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions } from '../scripts/build-functions';

const modules: string[] = ['foundation', 'round-trips', 'patrol-scan', 'patrol-eval', 'patrol', 'deliberation', 'grid', 'ledger', 'day', 'day/screens', 'reliability', 'dashboard', 'doc-size'];

async function main(): Promise<void> {
  // a fresh clone has no function bundles (gitignored): build them first, or every figure measures nothing
  await buildFunctions();
  const resultsPath = join(__dirname, 'results.json');
  const results: Record<string, number> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  // `npm run bench -- day dashboard` runs only the named modules (their figures merge into results.json)
  const only = process.argv.slice(2);
  for (const name of only.length ? modules.filter((m) => only.includes(m)) : modules) {
    // with the extension: `day` is both a module and a folder, and the folder would win
    const mod = await import(join(__dirname, `${name}.ts`));
    Object.assign(results, await mod.run());
  }
  console.table(Object.entries(results).map(([figure, value]) => ({ figure, value })));
  writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
}

main().then(
  () => {
    // Everything is measured and written. A module may leave a handle open (the full run of the sixth
    // session stayed up after writing its results); name what is left, then end instead of hanging.
    const left = (process as unknown as { _getActiveHandles?: () => object[] })._getActiveHandles?.() ?? [];
    const kinds = left.filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin).map((h) => h.constructor?.name ?? typeof h);
    if (kinds.length) console.warn(`bench: 结束时还开着 ${kinds.join(', ')}（已写完结果，直接退出）`);
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
