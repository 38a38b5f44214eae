/**
 * npm run audit:verify — re-walks the audit hash chain (server/kernel/audit-chain.ts) and names the first
 * record that does not fit: edited, deleted, inserted afterwards, or a block altered. Exit 0: the chain
 * holds; 1: a misfit was found; 2: the command line or the connection is wrong.
 *
 * Two ways in, the same check:
 * - default: through the committee's action `verifyAudit` on a running local environment (npm start), as
 *   the committee persona (dev login) — `--url` (default http://127.0.0.1:8787), `--persona` (committee)
 * - `--service-url URL --env ENV`: straight over the database through wx-server-sdk (every village, or
 *   `--village`), e.g. the emulator's SDK address in tests, or a CloudBase environment's
 */
import { verifyChain } from '../server/kernel/audit-chain';
import { createSdkStore } from '../server/kernel/sdk-store';
import { CHAIN_PROBLEMS, type VerifyAuditOutput } from '../server/account/contract';

const USAGE = `用法：npm run audit:verify -- [选项]
  --url 地址          本地环境（npm start）的地址，默认 http://127.0.0.1:8787，以村委身份调用 verifyAudit
  --persona 身份       本地登录用的村委身份（默认 committee）
  --village 村编号     只查这个村（默认：村委所在的村；直连数据库时查所有村）
  --service-url 地址   直连数据库（wx-server-sdk 的 serviceUrl），需同时给 --env
  --env 环境编号       云开发环境编号
退出码：0 链条完好；1 发现不符的记录；2 参数或连接有误。`;

type Problem = { kind: keyof typeof CHAIN_PROBLEMS; recordId: string; seq: number; at: number | null; summary: string | null };

export interface VerifyCliIo {
  write(line: string): void;
  fetch: typeof fetch;
}

function describe(villageId: string, p: Problem): string {
  const when = p.at ? new Date(p.at + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19) : '（已不在）';
  return `✗ ${villageId}：第 ${p.seq} 个封存块，${CHAIN_PROBLEMS[p.kind]}：${p.recordId}（记录时间 ${when}${p.summary ? `，内容「${p.summary}」` : ''}）`;
}

export async function runAuditVerify(args: readonly string[], io: VerifyCliIo): Promise<number> {
  const opts: Record<string, string> = {};
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--help' || a === '-h') {
      io.write(USAGE);
      return 0;
    }
    if (!['--url', '--persona', '--village', '--service-url', '--env'].includes(a) || args[k + 1] === undefined) {
      io.write(`参数有误：${a}\n${USAGE}`);
      return 2;
    }
    opts[a.slice(2)] = args[++k];
  }
  try {
    return opts['service-url'] ? await overDatabase(opts, io) : await throughAction(opts, io);
  } catch (error) {
    io.write(`连接失败：${(error as Error).message}`);
    return 2;
  }
}

async function overDatabase(opts: Record<string, string>, io: VerifyCliIo): Promise<number> {
  if (!opts.env) {
    io.write(`直连数据库时需要 --env\n${USAGE}`);
    return 2;
  }
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  const sdk = cloud.createNewInstance({ env: opts.env, serviceUrl: opts['service-url'], secretId: 'local', secretKey: 'local' });
  const store = createSdkStore(sdk.database());
  const villages = opts.village ? [opts.village] : (await store.find('register', { kind: 'village' }, { limit: 1000, fields: ['villageId'] })).map((d) => String(d.villageId));
  let bad = 0;
  for (const v of villages.sort()) {
    const started = Date.now();
    const out = await verifyChain(store, v);
    if (out.problem) {
      bad += 1;
      io.write(describe(v, out.problem));
    } else {
      io.write(`✓ ${v}：${out.blocks} 个封存块、${out.records} 条记录与链条相符${out.head ? `（链头 #${out.head.seq} ${out.head.hash.slice(0, 16)}…）` : ''}，用时 ${Date.now() - started} ms`);
    }
  }
  return bad ? 1 : 0;
}

async function throughAction(opts: Record<string, string>, io: VerifyCliIo): Promise<number> {
  const url = (opts.url ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
  const login = await io.fetch(`${url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personaId: opts.persona ?? 'committee' }) });
  if (!login.ok) throw new Error(`本地登录失败（HTTP ${login.status}）：npm start 在运行吗？`);
  const { token } = (await login.json()) as { token: string };
  const call = async (action: string, payload: unknown) => {
    const res = await io.fetch(`${url}/api/functions/account`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action, payload, requestId: `audit-verify-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` }),
    });
    const body = (await res.json()) as { result?: { ok: boolean; data?: any; error?: { message: string } }; errMsg?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!body.result) throw new Error(body.errMsg ?? `HTTP ${res.status}`);
    if (!body.result.ok) throw new Error(body.result.error?.message ?? '调用失败');
    return body.result.data;
  };
  const villageId = opts.village ?? (await call('me', {})).memberships?.find((m: { roles: string[] }) => m.roles.includes('committee'))?.villageId;
  if (!villageId) throw new Error('该身份不是任何村的村委');
  const started = Date.now();
  let from: VerifyAuditOutput['next'] = null;
  let records = 0;
  let blocks = 0;
  let head: VerifyAuditOutput['head'] = null;
  do {
    const page: VerifyAuditOutput = await call('verifyAudit', { villageId, ...(from ? { from } : {}) });
    records += page.checkedRecords;
    blocks += page.checkedBlocks;
    head = page.head ?? head;
    if (page.problem) {
      io.write(describe(villageId, page.problem));
      return 1;
    }
    from = page.next;
  } while (from);
  io.write(`✓ ${villageId}：${blocks} 个封存块、${records} 条记录与链条相符${head ? `（链头 #${head.seq} ${head.hash.slice(0, 16)}…）` : ''}，用时 ${Date.now() - started} ms`);
  return 0;
}

if (require.main === module) {
  runAuditVerify(process.argv.slice(2), { write: (line) => console.log(line), fetch }).then((code) => process.exit(code));
}
