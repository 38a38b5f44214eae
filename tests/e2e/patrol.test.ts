/**
 * 巡群's "done when" in the H5 build (Chromium against a test emulator with the demo seeded): a grid worker
 * pastes a group chat of a few hundred lines, imports it, finds the fraud and hazard lines on top with
 * their words highlighted, dismisses one with a reason and replies to a resident's post; the resident sees
 * the reply; a risky post is refused with its reason. And (issue 10) the committee, in 长辈模式, sees in the
 * queue the evidence that decided each lead, reads the scanner's precision per category and moves a
 * threshold, which is saved and shown back.
 */
import type { Page } from 'playwright-core';
import { demoChatRecord } from '../../demo/patrol';
import { byTestId, fillArea, go, see, tap, useDemoSite } from './support';

jest.setTimeout(240_000);


const site = useDemoSite();
const login = (label: string) => site.login(label);


test('the grid worker imports a pasted group chat and triages it; the resident sees the reply; a risky post is refused', async () => {
  // the resident posts about a hazard (it becomes a lead) and tries a risky one
  const r = await login('普通村民');
  await see(r, '村里的群');
  await tap(r, '发帖');
  await fillArea(r, 'post-text', '在家刷单返利，一天赚三百');
  await tap(r, '发布');
  await see(r, '涉嫌诈骗');
  await fillArea(r, 'post-text', '东头组电线杆倒了，电线掉在路上，晚上很危险');
  await tap(r, '发布');
  await see(r, '村里的群');

  // the grid worker pastes three days later's chat (a few hundred lines) and imports it
  const w = await login('网格员');
  await tap(w, '导入聊天记录');
  const chat = demoChatRecord(site.emu.clock.now() + 3 * 24 * 3600_000);
  expect(chat.split('\n').length).toBeGreaterThan(200);
  await fillArea(w, 'chat-text', chat);
  await tap(w, '读取');
  await see(w, '导入并查一遍');
  await tap(w, '导入并查一遍');
  await see(w, '导入完成', 60_000);
  await tap(w, '去看线索');
  await see(w, '线索待办');
  // a round is one screen: the tickets the grid worker handles, due soonest first, come with the queue
  const due = w.locator('[data-testid="queue-due"]').filter({ visible: true });
  await due.waitFor();
  expect(await due.locator('[data-testid="ticket-row"]').count()).toBeGreaterThan(0);
  // the most urgent lines first, their words highlighted
  const first = w.locator('[data-testid="lead"]').filter({ visible: true }).first();
  await first.waitFor();
  const firstTags = await first.locator('.cq-tag').allInnerTexts();
  expect(firstTags.some((t) => t.includes('诈骗') || t.includes('安全隐患'))).toBe(true);
  expect(await first.locator('[data-testid="hit"]').count()).toBeGreaterThan(0);

  // dismiss the top lead with a reason
  await first.click();
  await tap(w, '排除');
  await fillArea(w, 'triage-text', '已核实，群里在提醒大家');
  await tap(w, '确定排除');
  await see(w, '已排除');

  // reply to the resident's post
  await go(w, site.url, '/pages/patrol/index');
  await tap(w, '线索待办');
  await w.locator('[data-testid="lead"]', { hasText: '电线杆倒了' }).filter({ visible: true }).first().click();
  await tap(w, '回复');
  await fillArea(w, 'triage-text', '已联系供电所，今天下午来修，请大家绕行');
  await tap(w, '确定回复');
  await see(w, '已回复');

  // the resident opens the app again and sees the reply under the post, and in its thread — which came with
  // the board's answer: opening it asks no function (client/src/patrol/threads.ts)
  await r.reload();
  await see(r, '已联系供电所，今天下午来修');
  const asked: string[] = [];
  r.on('request', (q) => {
    if (q.url().includes('/api/functions/')) asked.push(JSON.parse(q.postData() ?? '{}').action ?? '?');
  });
  await r.locator('[data-testid="post"]', { hasText: '电线杆倒了' }).filter({ visible: true }).first().click();
  await see(r, '写回复');
  await see(r, '网格员 张建军 回复');
  expect(asked).not.toContain('getThread');
});

/** 长辈模式's home shows big buttons first; the rest of 巡群 is one tap away (unless already open). */
async function showMore(page: Page, row: string): Promise<void> {
  await see(page, '当前村');
  if ((await page.locator('.cq-row', { hasText: row }).filter({ visible: true }).count()) === 0) await tap(page, '村里的群和更多功能');
}

test('in 长辈模式 the committee sees why each lead was opened, the scanner’s precision per category, and moves a threshold', async () => {
  const c = await login('村委委员');
  await go(c, site.url, '/pages/me/index');
  await tap(c, '长辈模式');
  await go(c, site.url, '/pages/patrol/index');
  await expect(c.locator('.cq-screen').filter({ visible: true }).first().getAttribute('class')).resolves.toContain('cq-elder');

  // every lead of the demo village's queue says what decided it (长辈模式 opens on the big-button home)
  await showMore(c, '线索待办');
  await tap(c, '线索待办');
  await see(c, '线索待办');
  const leads = c.locator('[data-testid="lead"]').filter({ visible: true });
  await leads.first().waitFor();
  const evidence = await c.locator('[data-testid="lead-evidence"]').filter({ visible: true }).allInnerTexts();
  expect(evidence.length).toBe(await leads.count());
  for (const line of evidence) expect(line).toMatch(/^依据/);
  expect(evidence.some((line) => /诈骗 \d+分：.*\+/.test(line))).toBe(true);

  // the precision page: the demo's triaged leads are counted; fraud's threshold goes up by 5 points
  await go(c, site.url, '/pages/patrol/index');
  await showMore(c, '巡群准确率');
  await tap(c, '巡群准确率');
  await see(c, '判定门槛');
  const fraud = await byTestId(c, 'accuracy-fraud');
  expect(await fraud.locator('[data-testid="accuracy-precision"]').innerText()).toMatch(/处理 \d+ 条/);
  const before = Number((await fraud.locator('[data-testid="accuracy-threshold"]').innerText()).match(/(\d+)%/)![1]);
  await (await byTestId(c, 'raise-fraud')).click();
  await expect(fraud.locator('[data-testid="accuracy-threshold"]').innerText()).resolves.toContain(`${before + 5}%`);
  await (await byTestId(c, 'save-thresholds')).click();
  await see(c, '已保存');
  await c.reload();
  await see(c, '判定门槛');
  const after = await (await byTestId(c, 'accuracy-fraud')).locator('[data-testid="accuracy-threshold"]').innerText();
  expect(after).toContain(`${before + 5}%`);
  expect(after).toContain(`（默认 ${before}%）`);
});
