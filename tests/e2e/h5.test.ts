/**
 * The H5 build in Debian's Chromium against a test emulator (in memory) serving dist/h5, with the
 * demo township seeded and the demo personas on the dev login. These are the foundation's "done when"
 * steps as a person does them: tap, type, wait for text.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_INVITE_CODE } from '../../demo';
import { contrast, fill, go, loginAs, pageErrors, ROOT, see, tap, useDemoSite } from './support';

jest.setTimeout(180_000);

export const SHOTS = join(ROOT, 'dist', 'e2e');

const site = useDemoSite();
beforeAll(() => mkdirSync(SHOTS, { recursive: true }));


test('a new visitor joins 青石村 with the invite code, the committee approves, and the visitor then sees the village', async () => {
  const visitor = await site.phone();
  const v = visitor.page;

  // No session: the app itself sends the browser to the persona picker.
  await loginAs(visitor.page, site.url, '新访客（未加入村）');
  await see(v, '您还没有加入村');

  await tap(v, '加入我的村');
  await see(v, '用邀请码加入村');
  await fill(v, 'code', DEMO_INVITE_CODE.toLowerCase()); // codes are case-insensitive
  await fill(v, 'name', '赵小明');
  await fill(v, 'householdHint', '赵长顺家');
  await tap(v, '提交申请');
  await see(v, '青石村：待村委审核');

  // Back on a job tab: still outside, the application shown as waiting.
  await go(v, site.url, '/pages/grid/index');
  await see(v, '青石村：待村委审核');
  await see(v, '您还没有加入村');

  // The committee member, on another phone.
  const committee = await site.phone();
  const c = committee.page;
  await loginAs(committee.page, site.url, '村委委员');
  await go(c, site.url, '/pages/me/index');
  await tap(c, '入村申请审核');
  await see(c, '赵小明');
  await tap(c, '赵小明');
  await see(c, '审核：赵小明');
  await tap(c, '通过，编入一户');
  await tap(c, '第一网格（东头）');
  await tap(c, '李桂兰户');
  await tap(c, '确认通过');
  await see(c, '已通过，编入李桂兰户');

  // The visitor opens 我的 (pages refresh who I am whenever they are shown): now a villager,
  // and the job tabs show the village.
  await go(v, site.url, '/pages/me/index');
  await see(v, '青石村 · 村民');
  await go(v, site.url, '/pages/grid/index');
  await see(v, '我所在的网格');
  await see(v, '第一网格（东头）');
  expect(await v.getByText('您还没有加入村').filter({ visible: true }).count()).toBe(0);
  await tap(v, '本村概况');
  await see(v, '个网格');

  expect(pageErrors(v)).toEqual([]);
  expect(pageErrors(c)).toEqual([]);
});

test('a grid worker registers a resident without WeChat, openly marked 线下代管, with consent noted', async () => {
  const worker = await site.phone();
  const w = worker.page;
  await loginAs(worker.page, site.url, '网格员');
  await go(w, site.url, '/pages/grid/index');
  await see(w, '我负责的网格');
  await tap(w, '第一网格（东头）');
  await tap(w, '杨秀英户');
  await tap(w, '新增线下居民');
  await see(w, '线下代管');
  await fill(w, 'name', '杨老根');
  // Without the resident's consent the form refuses.
  await tap(w, '登记');
  await see(w, '请先当面征得本人同意');
  await tap(w, '本人已同意由我代管');
  await tap(w, '登记');
  await see(w, '杨老根 已登记为线下代管居民');
  await tap(w, '回到这一户');
  const row = w.locator('.cq-row', { hasText: '杨老根' }).filter({ visible: true }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await expect(row.textContent()).resolves.toContain('线下代管');
  await expect(row.textContent()).resolves.toContain('已当面告知本人并征得同意');
  expect(pageErrors(w)).toEqual([]);
});

test('长辈模式 (the elderly persona): big type, strong contrast, big touch targets', async () => {
  const elder = await site.phone();
  const e = elder.page;
  await loginAs(elder.page, site.url, '长辈村民（长辈模式）');
  await see(e, '当前村');
  const screen = e.locator('.cq-screen').filter({ visible: true }).first();
  await expect(screen.getAttribute('class')).resolves.toContain('cq-elder');
  // the board's text arrives after its first load: measure once it is there
  await screen.locator('.cq-li, .cq-text').first().waitFor({ state: 'visible', timeout: 15_000 });

  const look = await e.evaluate(() => {
    const px = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
    // Taro keeps earlier pages in the DOM, hidden: measure the one on screen.
    const root = [...document.querySelectorAll('.cq-screen')].find((el) => el.getClientRects().length > 0)!;
    const body = root.querySelector('.cq-li') ?? root.querySelector('.cq-text');
    const title = root.querySelector('.cq-title');
    const targets = [...root.querySelectorAll('.cq-row, .cq-btn, .cq-read')].map((el) => el.getBoundingClientRect().height);
    return {
      bodyPx: px(body),
      titlePx: px(title),
      fg: getComputedStyle(body!).color,
      bg: getComputedStyle(root).backgroundColor,
      minTarget: Math.min(...targets),
      rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
    };
  });
  await e.screenshot({ path: join(SHOTS, 'elder-patrol.png'), fullPage: false });

  // body text at least 1.3 × the normal 15 px; the title larger still
  expect(look.bodyPx).toBeGreaterThanOrEqual(19.5);
  expect(look.titlePx).toBeGreaterThan(look.bodyPx);
  // WCAG AAA for body text
  expect(contrast(look.fg, look.bg)).toBeGreaterThanOrEqual(7);
  // every tappable thing at least 56 CSS px tall (≥ 48 in normal mode, more in 长辈模式)
  expect(look.minTarget).toBeGreaterThanOrEqual(56);

  // The same page in normal mode for comparison, after switching 长辈模式 off on 我的.
  await go(e, site.url, '/pages/me/index');
  await tap(e, '长辈模式');
  await expect(e.locator('.cq-screen').filter({ visible: true }).first().getAttribute('class')).resolves.not.toContain('cq-elder');
  await go(e, site.url, '/pages/patrol/index');
  await see(e, '当前村');
  // who I am is kept on the phone (state/me.ts): the village row shows before the board has loaded
  await e.locator('.cq-screen .cq-li, .cq-screen .cq-text').filter({ visible: true }).first().waitFor();
  const normalBody = await e.evaluate(() => {
    const root = [...document.querySelectorAll('.cq-screen')].find((el) => el.getClientRects().length > 0)!;
    return parseFloat(getComputedStyle((root.querySelector('.cq-li') ?? root.querySelector('.cq-text'))!).fontSize);
  });
  expect(normalBody).toBeLessThan(look.bodyPx);
  await e.screenshot({ path: join(SHOTS, 'normal-patrol.png'), fullPage: false });
  expect(pageErrors(e)).toEqual([]);
});
