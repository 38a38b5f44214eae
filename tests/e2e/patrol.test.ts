/**
 * 巡群's "done when" in the H5 build (Chromium against a test emulator with the demo seeded): a grid worker
 * pastes a group chat of a few hundred lines, imports it, finds the fraud and hazard lines on top with
 * their words highlighted, dismisses one with a reason and replies to a resident's post; the resident sees
 * the reply; a risky post is refused with its reason.
 */
import type { Page } from 'playwright-core';
import { demoChatRecord } from '../../demo/patrol';
import { fillArea, go, see, tap, useDemoSite } from './support';

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

  // the resident opens the app again and sees the reply under the post, and in its thread
  await r.reload();
  await see(r, '已联系供电所，今天下午来修');
  await r.locator('[data-testid="post"]', { hasText: '电线杆倒了' }).filter({ visible: true }).first().click();
  await see(r, '写回复');
  await see(r, '网格员 张建军 回复');
});
