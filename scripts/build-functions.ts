/**
 * npm run build:functions — bundles each cloud function: for every cloudfunctions/<name>/ whose entry
 * server/<name>/function.ts exists, esbuild writes cloudfunctions/<name>/index.js (CommonJS, node16,
 * wx-server-sdk left external: CloudBase installs it from the folder's package.json). package.json and
 * config.json are committed; index.js is built (gitignored). Runs before every jest run, so it must be fast.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');

export interface FunctionEntry {
  name: string;
  dir: string;
  entry: string;
}

/** Every deployable function: a cloudfunctions/<name>/ folder with an entry in server/<name>/function.ts. */
export function functionEntries(): FunctionEntry[] {
  const base = join(root, 'cloudfunctions');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((name) => statSync(join(base, name)).isDirectory())
    .map((name) => ({ name, dir: join(base, name), entry: join(root, 'server', name, 'function.ts') }))
    .filter((f) => existsSync(f.entry))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * zod re-exports every locale (`z.locales`, ~360 KB of messages in 40 languages); functions answer with
 * their own Chinese messages and only need zod's default English internals. Serve its locale index with
 * English alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(args.resolveDir, 'locales-en-only'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, '..', '..', 'locales', 'en.js'))};`,
      resolveDir: join(args.path, '..'),
      loader: 'js',
    }));
  },
};

export async function buildFunctions(options: { minify?: boolean } = {}): Promise<FunctionEntry[]> {
  // the patrol scanner's model weights are generated (committed, but rebuilt here if someone removed them)
  if (!existsSync(join(root, 'server/patrol/scan/model-weights.ts'))) (await import('./train-patrol-model')).writeModel((await import('./train-patrol-model')).trainModel());
  const entries = functionEntries();
  await Promise.all(
    entries.map((f) =>
      build({
        entryPoints: [f.entry],
        outfile: join(f.dir, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        sourcemap: false,
        minify: options.minify ?? false,
        legalComments: 'none',
        logLevel: 'warning',
        plugins: [zodEnglishOnly],
        banner: { js: `/* built by scripts/build-functions.ts from ${relative(root, f.entry)} — do not edit */` },
      }),
    ),
  );
  return entries;
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions({ minify: process.argv.includes('--minify') })
    .then((built) => console.log(`build-functions: ${built.map((f) => f.name).join(', ') || '(none)'} in ${Date.now() - started} ms`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
