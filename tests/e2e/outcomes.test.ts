/**
 * 成效看板 in the H5 build, tried as a new user would: the committee opens the dashboard of 青石村 from 我的 and
 * follows a figure down to the tickets behind it (and on to a ticket); township staff compare 青石村 and 柳树村;
 * the CSV a committee member downloads opens with correct Chinese (UTF-8 with BOM); a record tampered with in
 * the database is caught by `npm run audit:verify` and by the page's 核验 button; the elderly persona sees the
 * published figures in big type.
 */
import { readFileSync } from 'node:fs';
import { sdkFor } from '../../demo/start-demo';
import { runAuditVerify } from '../../scripts/audit-verify';
import { SEAL_PERIOD_MS } from '../../server/kernel/audit-chain';
import { byTestId, go, pageErrors, see, tap, useDemoSite } from './support';

jest.setTimeout(300_000);

const site = useDemoSite();

test('the committee opens the dashboard of 青石村 and follows a figure down to the tickets behind it', async () => {
  const page = await site.login('村委委员');
  await go(page, site.url, '/pages/me/index');
  await tap(page, '成效看板');
  await see(page, '青石村 ·');
  await see(page, '新上报问题');
  const opened = await byTestId(page, 'fig-tickets_opened');
  const figure = await opened.innerText();
  const count = Number(/(\d+) 件/.exec(figure)?.[1]);
  expect(count).toBeGreaterThan(0);
  await opened.click();
  await see(page, '新上报的问题');
  const rows = page.locator('[data-testid^="item-qingshi:t:"]').filter({ visible: true });
  await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  // every ticket behind the figure is listed (paging on when there are more than a page)
  while (await page.getByText('加载更多').filter({ visible: true }).count()) await tap(page, '加载更多');
  expect(await rows.count()).toBe(count);
  const first = await rows.first().innerText();
  await rows.first().click();
  await page.waitForURL(/grid\/ticket\/index/, { timeout: 15_000 });
  await see(page, first.split('：')[1].split('\n')[0].slice(0, 6));
  expect(pageErrors(page)).toEqual([]);
});

test('township staff compare 青石村 and 柳树村 side by side', async () => {
  const page = await site.login('乡镇干部');
  await go(page, site.url, '/pages/me/index');
  await tap(page, '乡镇成效看板');
  await see(page, '各村对比');
  const qingshi = await byTestId(page, 'dash-villages-qingshi');
  const liushu = await byTestId(page, 'dash-villages-liushu');
  expect(await qingshi.innerText()).toContain('青石村');
  expect(await liushu.innerText()).toContain('柳树村');
  await see(page, '姓名已按规定隐去');
  // one village, opened from the comparison
  await qingshi.click();
  await see(page, '青石村 ·');
  await see(page, '各网格');
  expect(pageErrors(page)).toEqual([]);
});

test('the CSV opens with correct Chinese, and a tampered audit record is caught by npm run audit:verify', async () => {
  const page = await site.login('村委委员');
  await go(page, site.url, '/outcomes/dashboard/index?villageId=qingshi');
  await see(page, '导出表格');
  const [download] = await Promise.all([page.waitForEvent('download'), (await byTestId(page, 'export-trend')).click()]);
  expect(download.suggestedFilename()).toMatch(/^青石村-成效趋势-.+\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  expect(text.split('\r\n')[0]).toMatch(/^村,时段,参与户数,参与率,新上报问题/);
  expect(text).toContain('青石村,');
  await see(page, '已下载');

  // seal the trail (the hourly timer, accountClock), then change one record behind the app's back
  site.emu.clock.advance(SEAL_PERIOD_MS + 60_000);
  await site.emu.runDueTimers();
  const lines: string[] = [];
  expect(await runAuditVerify(['--url', site.url], { write: (l) => lines.push(l), fetch })).toBe(0);
  expect(lines.join('\n')).toContain('✓ qingshi');
  const db = sdkFor(site.emu).database();
  const sealed = (await db.collection('auditchain').where({ villageId: 'qingshi' }).get()).data as { entries: string[][] }[];
  const victimId = sealed[0].entries[2][0];
  const got = (await db.collection('audit').doc(victimId).get()).data;
  const victim = Array.isArray(got) ? got[0] : got;
  const { _id, ...rest } = victim;
  await db.collection('audit').doc(_id).set({ data: { ...rest, actorName: '别人' } });
  lines.length = 0;
  expect(await runAuditVerify(['--url', site.url], { write: (l) => lines.push(l), fetch })).toBe(1);
  expect(lines.join('\n')).toContain(victimId);
  expect(lines.join('\n')).toContain('记录被改动');

  // the committee's button on the dashboard says the same
  await page.reload();
  await tap(page, '核验操作留痕');
  const result = await byTestId(page, 'verify-result');
  await see(page, '发现问题');
  expect(await result.innerText()).toContain(victimId);
  expect(pageErrors(page)).toEqual([]);
});

test('the elderly persona sees the published figures in big type, without the committee’s details', async () => {
  const page = await site.login('长辈村民（长辈模式）');
  await go(page, site.url, '/outcomes/dashboard/index?villageId=qingshi');
  await see(page, '明细只对村委和乡镇干部开放');
  const tile = await byTestId(page, 'fig-tickets_opened');
  const size = await tile.locator('.cq-text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20); // 16 CSS px × at least 1.3
  expect(await page.locator('[data-testid="dash-grids"]').count()).toBe(0);
  expect(await page.locator('[data-testid="export-trend"]').count()).toBe(0);
  expect(pageErrors(page)).toEqual([]);
});
