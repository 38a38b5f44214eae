/**
 * npm run deploy -- --env ENV_ID [--dry-run]
 *
 * Puts the project on a real CloudBase environment with the CloudBase CLI (@cloudbase/cli 2.12, `tcb`):
 *   1. builds the function bundles (scripts/build-functions.ts);
 *   2. writes a cloudbaserc.json (into a temp folder) generated from server/collections.ts and each
 *      cloudfunctions/<name>/config.json;
 *   3. `tcb framework deploy` with @cloudbase/framework-plugin-database: creates every collection with its
 *      indexes and its permission rule (aclTag ADMINONLY: no client reads or writes, functions only);
 *   4. `tcb fn deploy <name> --force` for every function (CloudBase installs wx-server-sdk from the folder's
 *      package.json — installDependency);
 *   5. `tcb fn trigger create <name>` for functions whose config.json declares timer triggers.
 * Log in first (`npx tcb login`, or set TCB_API_KEY_ID / TCB_API_KEY for CI and the script logs in).
 * `--dry-run` prints the whole plan — every command and the generated configuration — and runs nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collections as declaredCollections, type CollectionSpec } from '../server/collections';
import { buildFunctions, functionEntries, type FunctionEntry } from './build-functions';

const root = join(__dirname, '..');

/** Node runtime on CloudBase matching the bundles' target (node16) */
export const RUNTIME = 'Nodejs16.13';

export interface FunctionConfig {
  timeout?: number;
  memorySize?: number;
  triggers?: { name: string; type: string; config: string }[];
  permissions?: unknown;
}

export interface DeployStep {
  title: string;
  /** argv after `npx` — e.g. ['tcb', 'fn', 'deploy', 'account', …] */
  command: string[];
}

export interface DeployPlan {
  envId: string;
  /** the folder the CLI runs in; holds the generated cloudbaserc.json */
  workDir: string;
  cloudbaserc: Record<string, unknown>;
  steps: DeployStep[];
}

function readConfig(f: FunctionEntry): FunctionConfig {
  try {
    return JSON.parse(readFileSync(join(f.dir, 'config.json'), 'utf8')) as FunctionConfig;
  } catch {
    return {};
  }
}

/** One collection for @cloudbase/framework-plugin-database (its README: collectionName, createIndexes, aclTag). */
function collectionInput(c: CollectionSpec) {
  return {
    collectionName: c.name,
    // the purpose's headline (before its dash): the console shows it next to the collection
    description: c.purpose.split(' — ')[0].slice(0, 128),
    createIndexes: c.indexes.map((i) => ({
      name: i.name,
      unique: i.unique ?? false,
      keys: Object.entries(i.keys).map(([name, direction]) => ({ name, direction: String(direction) })),
    })),
    aclTag: c.permission,
  };
}

export function planDeploy(options: { envId: string; workDir: string; functions?: FunctionEntry[]; collections?: CollectionSpec[] }): DeployPlan {
  const { envId, workDir } = options;
  const functions = options.functions ?? functionEntries();
  const collections = options.collections ?? declaredCollections;
  const configs = new Map(functions.map((f) => [f.name, readConfig(f)]));

  const cloudbaserc = {
    version: '2.0',
    envId,
    functionRoot: '.',
    functions: functions.map((f) => {
      const c = configs.get(f.name)!;
      return {
        name: f.name,
        dir: f.dir,
        runtime: RUNTIME,
        handler: 'index.main',
        timeout: c.timeout ?? 3,
        memorySize: c.memorySize ?? 256,
        installDependency: true,
        triggers: c.triggers ?? [],
      };
    }),
    framework: {
      name: 'cunqun',
      plugins: {
        database: {
          use: '@cloudbase/framework-plugin-database',
          inputs: { collections: collections.map(collectionInput) },
        },
      },
    },
  };

  const login: DeployStep[] = process.env.TCB_API_KEY_ID
    ? [{ title: '登录（CI 密钥）', command: ['tcb', 'login', '--apiKeyId', process.env.TCB_API_KEY_ID, '--apiKey', '***'] }]
    : [];
  const steps: DeployStep[] = [
    ...login,
    { title: '数据库：建集合、索引和权限规则（ADMINONLY）', command: ['tcb', 'framework', 'deploy', '-e', envId] },
    ...functions.map((f) => ({
      title: `云函数 ${f.name}：上传（云端安装 wx-server-sdk）`,
      command: ['tcb', 'fn', 'deploy', f.name, '-e', envId, '--dir', f.dir, '--force', '--yes'],
    })),
    ...functions
      .filter((f) => (configs.get(f.name)!.triggers ?? []).length > 0)
      .map((f) => ({ title: `云函数 ${f.name}：定时触发器`, command: ['tcb', 'fn', 'trigger', 'create', f.name, '-e', envId] })),
  ];
  return { envId, workDir, cloudbaserc, steps };
}

export function printPlan(plan: DeployPlan): string {
  const lines = [
    `# 部署计划 → 云开发环境 ${plan.envId}`,
    `# 0. npm run build:functions（esbuild 打包 ${((plan.cloudbaserc.functions as unknown[]) ?? []).length} 个云函数）`,
    `# 生成 ${join(plan.workDir, 'cloudbaserc.json')}：`,
    JSON.stringify(plan.cloudbaserc, null, 2),
    ...plan.steps.map((s, i) => `# ${i + 1}. ${s.title}\n(cd ${plan.workDir} && npx ${s.command.join(' ')})`),
  ];
  return lines.join('\n');
}

function parseArgs(argv: string[]): { envId: string | null; dryRun: boolean } {
  const i = argv.findIndex((a) => a === '--env' || a === '-e');
  const inline = argv.find((a) => a.startsWith('--env='));
  return { envId: inline ? inline.slice('--env='.length) : i >= 0 ? argv[i + 1] ?? null : null, dryRun: argv.includes('--dry-run') };
}

async function main(): Promise<void> {
  const { envId, dryRun } = parseArgs(process.argv.slice(2));
  if (!envId || !/^[A-Za-z0-9-]{4,64}$/.test(envId)) {
    console.error('用法：npm run deploy -- --env <云开发环境ID> [--dry-run]');
    process.exit(2);
  }
  // a dry run builds nothing (tests run it while other tests load the bundles)
  if (!dryRun) await buildFunctions({ minify: true });
  const workDir = dryRun ? join(tmpdir(), 'cunqun-deploy') : mkdtempSync(join(tmpdir(), 'cunqun-deploy-'));
  const plan = planDeploy({ envId, workDir });
  console.log(printPlan(plan));
  if (dryRun) return;

  writeFileSync(join(workDir, 'cloudbaserc.json'), JSON.stringify(plan.cloudbaserc, null, 2));
  for (const step of plan.steps) {
    const argv = step.command.map((a) => (a === '***' ? process.env.TCB_API_KEY ?? '' : a));
    console.log(`\n▶ ${step.title}`);
    const run = spawnSync('npx', argv, { cwd: workDir, stdio: 'inherit', env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` } });
    if (run.status !== 0) {
      console.error(`✗ 失败：${step.title}（退出码 ${run.status}）`);
      process.exit(run.status ?? 1);
    }
  }
  console.log('\n✓ 部署完成');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
