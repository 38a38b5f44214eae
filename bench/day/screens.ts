/**
 * calls_per_screen_max: how many cloud-function calls each tab page and detail page makes when it opens,
 * counted in the browser build — dist/h5 in Debian's Chromium against the demo emulator, as 村委委员 (who
 * may see every page), every page of app.config opened by a full load of its URL (the way a person lands
 * on it from a card or a message), the `POST /api/functions/*` requests counted until the page is quiet.
 * The phone has been used before (logged in, the tab bar visited once), as on a second day.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoEmulator } from '../../demo/start-demo';
import { ensureClientBuild } from '../../scripts/client-build';
import { openBrowser, loginAs } from '../../tests/e2e/support';

const ROOT = join(__dirname, '..', '..');
const QUIET_MS = 1500;

const TABS = ['pages/patrol/index', 'pages/grid/index', 'pages/deliberation/index', 'pages/ledger/index', 'pages/me/index'];
const SUBPACKAGES: Record<string, string[]> = {
  account: ['join', 'village', 'applications', 'review', 'invites', 'roles', 'audit', 'offline-resident', 'bind-group', 'inbox'],
  patrol: ['post', 'thread', 'paste', 'import', 'queue', 'lead', 'lexicon', 'coverage', 'accuracy', 'notices'],
  grid: ['households', 'household', 'report', 'ticket', 'mine', 'due', 'board'],
  deliberation: ['topic', 'propose', 'vote', 'assist', 'results', 'open-poll', 'outcome', 'settings'],
  outcomes: ['dashboard', 'items'],
  ledger: ['claim', 'board', 'shop', 'rules', 'ranking', 'report'],
  notices: ['list', 'notice', 'publish', 'households'],
};

/** every page app.config names (the H5 login page aside), so a page added there and not here fails the bench */
function pagesOfAppConfig(): string[] {
  const config = readFileSync(join(ROOT, 'client', 'src', 'app.config.ts'), 'utf8');
  const quoted = (text: string) => [...text.matchAll(/'([\w/-]+\/index)'/g)].map((m) => m[1]);
  const main = quoted(config.slice(config.indexOf('pages:'), config.indexOf('subPackages:'))).filter((p) => p !== 'pages/dev-login/index');
  const subs = [...config.matchAll(/root: '([\w-]+)',\s*pages: \[([^\]]*)\]/g)].flatMap((m) => quoted(m[2]).map((p) => `${m[1]}/${p}`));
  return [...main, ...subs];
}

export async function measureScreens(): Promise<{ perScreen: Record<string, number>; max: number; overOne: string[]; failed: string[] }> {
  const listed = [...TABS, ...Object.entries(SUBPACKAGES).flatMap(([root, pages]) => pages.map((p) => `${root}/${p}/index`))];
  const unlisted = pagesOfAppConfig().filter((p) => !listed.includes(p));
  if (unlisted.length) throw new Error(`app.config 里有页面没有被计数：${unlisted.join('，')}`);
  ensureClientBuild('h5');
  const { emu } = await startDemoEmulator({ staticDir: join(ROOT, 'dist', 'h5') });
  const browser = await openBrowser();
  try {
    const Q = 'qingshi';
    const docs = (c: string) => emu.store.all(c) as any[];
    const ticket = docs('tickets').find((t) => t.villageId === Q);
    const lead = docs('patrol').find((m) => m.villageId === Q && m.leadStatus);
    // a post on the board (not a pasted lead or an imported line, which getThread does not open)
    const post = docs('patrol').find((m) => m.villageId === Q && m.board === 'post' && m.visibility === 'shown' && !m.threadId);
    const topics = docs('delib').filter((t) => t.kind === 'topic' && t.villageId === Q);
    const openTopic = topics.find((t) => t.poll?.state === 'open') ?? topics[0];
    const counted = topics.find((t) => t.poll?.state === 'counted') ?? topics[0];
    const household = docs('register').find((d) => d.kind === 'household' && d.villageId === Q);
    const notice = docs('notices').find((n) => n.villageId === Q && n.kind === 'notice');
    const params: Record<string, Record<string, string>> = {
      'patrol/thread': { postId: post?._id },
      'patrol/lead': { leadId: lead?._id },
      'grid/ticket': { ticketId: ticket?._id },
      'grid/households': { gridId: household?.gridId, name: '第一网格' },
      'grid/household': { gridId: household?.gridId, householdId: household?._id, headName: household?.headName, address: household?.address },
      'deliberation/topic': { topicId: openTopic?._id },
      'deliberation/vote': { topicId: openTopic?._id },
      'deliberation/assist': { topicId: openTopic?._id },
      'deliberation/results': { topicId: counted?._id },
      'deliberation/outcome': { topicId: counted?._id },
      'deliberation/open-poll': { topicId: openTopic?._id },
      'ledger/board': { status: 'public' },
      'outcomes/items': { metric: 'tickets_opened' },
      'notices/notice': { noticeId: notice?._id },
      'notices/households': { noticeId: notice?._id },
    };
    const page = browser.page;
    let calls = 0;
    let inFlight = 0;
    const isCall = (r: { method(): string; url(): string }) => r.method() === 'POST' && r.url().includes('/api/functions/');
    page.on('request', (r) => {
      if (isCall(r)) (calls++, inFlight++);
    });
    page.on('requestfinished', (r) => void (isCall(r) && inFlight--));
    page.on('requestfailed', (r) => void (isCall(r) && inFlight--));
    await loginAs(page, emu.url, '村委委员');
    const quiet = async () => {
      let seen = -1;
      const deadline = Date.now() + 15_000;
      // quiet: no call started for QUIET_MS and every answer arrived (the page keeps what it was answered)
      while ((seen !== calls || inFlight > 0) && Date.now() < deadline) {
        seen = calls;
        await page.waitForTimeout(QUIET_MS);
      }
    };
    // a page that answered 没有加载成功 made its calls for nothing: named, so a one-call page that fails is not counted as fine
    const failed: string[] = [];
    const open = async (path: string) => {
      const key = path.replace(/\/index$/, '');
      const q = new URLSearchParams({ villageId: Q, ...Object.fromEntries(Object.entries(params[key] ?? {}).filter(([, v]) => v)) });
      await page.goto('about:blank');
      calls = 0;
      inFlight = 0;
      await page.goto(`${emu.url}/#/${path}?${q}`);
      await quiet();
      if (await page.locator('.cq-state-mark-warn').count()) failed.push(path.replace(/\/index$/, ''));
      return calls;
    };
    // the phone has been used: every tab once
    for (const tab of TABS) await open(tab);
    failed.length = 0;
    const perScreen: Record<string, number> = {};
    for (const tab of TABS) perScreen[tab.replace(/\/index$/, '')] = await open(tab);
    for (const [root, pages] of Object.entries(SUBPACKAGES)) for (const p of pages) perScreen[`${root}/${p}`] = await open(`${root}/${p}/index`);
    const max = Math.max(...Object.values(perScreen));
    const overOne = Object.entries(perScreen).filter(([, n]) => n > 1).map(([p, n]) => `${p} ${n}`);
    return { perScreen, max, overOne, failed };
  } finally {
    await browser.close();
    await emu.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  const { perScreen, max, overOne, failed } = await measureScreens();
  console.log(`每个页面打开时的云函数调用：${Object.entries(perScreen).map(([p, n]) => `${p} ${n}`).join('，')}`);
  console.log(`calls_per_screen_max ${max}${overOne.length ? `（多于一次：${overOne.join('，')}）` : ''}`);
  if (failed.length) console.log(`打开时没有加载成功的页面：${failed.join('，')}`);
  return { calls_per_screen_max: max, screens_over_one_call: overOne.length, screens_failed_to_load: failed.length };
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
