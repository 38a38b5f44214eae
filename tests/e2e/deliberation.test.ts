/**
 * 协商议事's "done when" in the H5 build (Chromium against a test emulator with the demo seeded): a
 * resident proposes a topic, neighbours second it onto the agenda; the committee opens a household poll
 * with a quorum; a grid worker records an assisted vote; a resident votes and gets a receipt; the poll
 * closes (emulator clock + timer); the result shows turnout, quorum and outcome; the voter finds their
 * receipt in the published list and the phone's recount matches.
 */
import type { Page } from 'playwright-core';
import { byTestId, fillArea, go, see, tap, useDemoSite } from './support';

jest.setTimeout(300_000);

const Q = 'qingshi';

const site = useDemoSite();
const login = (label: string) => site.login(label);


test('propose → seconds → household poll → assisted vote → close → results → my receipt', async () => {
  // 王小梅 proposes a topic
  const resident = await login('普通村民');
  await go(resident, site.url, '/pages/deliberation/index');
  await see(resident, '西头到河滨装太阳能路灯');
  await tap(resident, '提出议题');
  await see(resident, '说说是什么事');
  await resident.locator('input[name="title"]').filter({ visible: true }).first().fill('村口装监控探头');
  await fillArea(resident, 'body', '村口岔路最近常有外地车辆乱停，丢过两次电动车，建议装两个监控探头。');
  await tap(resident, '提出');
  await see(resident, '已有 0 人附议');
  const topicId = new URL(resident.url().replace('#', '')).searchParams.get('topicId')!;
  expect(topicId).toMatch(/^qingshi:t:/);

  // four neighbours second it on their phones (through the function), 李桂兰 makes the fifth in the app
  for (const [i, who] of ['demo-qingshi-h03-7', 'demo-qingshi-h06-12', 'demo-qingshi-h10-21', 'demo-qingshi-h11-23'].entries()) {
    const out = await site.emu.invoke('deliberation', { action: 'secondTopic', payload: { villageId: Q, topicId }, requestId: `e2e-second-${i}-x` }, { openid: who });
    expect((out.result as { ok: boolean }).ok).toBe(true);
  }
  const elder = await login('长辈村民');
  await go(elder, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await see(elder, '已有 4 人附议');
  await tap(elder, '我附议');
  await see(elder, '已列入议程');

  // the committee opens a household poll with a quorum (more than half of the households)
  const committee = await login('村委委员');
  await go(committee, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await tap(committee, '发起表决');
  await see(committee, '谁能投');
  // it closes on the hour, when the counting timer wakes: the result is out at once
  await see(committee, '截止时马上计票公布');
  expect(await committee.getByText('截止时马上计票公布').filter({ visible: true }).first().innerText()).toMatch(/截止：.* \d\d:00，/);
  await tap(committee, '按户表决');
  await tap(committee, '过半数参加');
  await tap(committee, '开始表决');
  await see(committee, '表决中');
  await see(committee, '0 / 32 户');

  // the grid worker records 王德福's vote (no WeChat) with his thumbprint
  const worker = await login('网格员');
  await go(worker, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await tap(worker, '代办投票');
  await see(worker, '还没投票、可以代办的');
  await (await byTestId(worker, 'assist-王德福')).click();
  await tap(worker, '本人按手印确认');
  await (await byTestId(worker, 'option-赞成')).click();
  await tap(worker, '确认代投');
  await see(worker, '已代 王德福 投票');
  expect((await (await byTestId(worker, 'receipt')).innerText()).trim()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);

  // 王小梅 sees her household has voted (by 代办); 李桂兰 votes herself and keeps her receipt
  await go(resident, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await resident.reload();
  await see(resident, '网格员代 王德福 投');
  await go(elder, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await elder.reload();
  await tap(elder, '去投票');
  await (await byTestId(elder, 'option-反对')).click();
  await tap(elder, '确认投票');
  await see(elder, '您的回执号');
  const receipt = (await (await byTestId(elder, 'receipt')).innerText()).trim();

  // the closing time passes; the timer counts the poll
  site.emu.clock.advance(8 * 24 * 3600_000);
  await site.emu.runDueTimers();

  await go(elder, site.url, `/deliberation/results/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await elder.reload();
  await see(elder, '未通过');
  expect(await (await byTestId(elder, 'result-turnout')).innerText()).toContain('2 / 32 户');
  expect(await (await byTestId(elder, 'result-quorum')).innerText()).toContain('未达到');
  await see(elder, '本机核对：与公布结果一致');
  await see(elder, '在公开名单里，记的是：反对');
  await elder.locator('input[name="receipt"]').filter({ visible: true }).first().fill(receipt);
  const rows = elder.locator('[data-testid="receipt-row"]').filter({ visible: true });
  await rows.first().waitFor();
  expect(await rows.count()).toBe(1);
  expect(await rows.first().innerText()).toContain(receipt);
  expect(await rows.first().innerText()).toContain('反对');
});

test('the committee sets how many seconds put a topic on the agenda; a new topic counts against it', async () => {
  const committee = await login('村委委员');
  await go(committee, site.url, '/pages/deliberation/index');
  await (await byTestId(committee, 'delib-settings')).click();
  await see(committee, '附议人数');
  const seconds = committee.locator('input[name="secondsNeeded"]').filter({ visible: true }).first();
  await seconds.fill('0');
  await tap(committee, '保存');
  await see(committee, '附议人数请填 1 到 500 之间的整数');
  await seconds.fill('3');
  await tap(committee, '保存');

  // a resident's new topic now needs 3 seconds
  const resident = await login('普通村民');
  await go(resident, site.url, '/deliberation/propose/index?villageId=qingshi');
  await see(resident, '说说是什么事');
  await resident.locator('input[name="title"]').filter({ visible: true }).first().fill('村里办个书屋');
  await fillArea(resident, 'body', '把村委一楼空房间改成书屋，孩子放学有地方看书。');
  await (await byTestId(resident, 'submit-topic')).click();
  await see(resident, '满 3 人列入议程');
});

test('a long discussion shows its newest 50 replies; 查看更早的发言 brings the rest', async () => {
  const resident = await login('普通村民');
  const proposed = await site.emu.invoke('deliberation', { action: 'proposeTopic', payload: { villageId: Q, title: '村里的老井要不要填', body: '老井没人用了，孩子们在旁边玩不安全。' }, requestId: 'e2e-long-topic' }, { openid: 'demo-qingshi-h03-7' });
  const topicId = (proposed.result as { data: { topicId: string } }).data.topicId;
  // 55 replies from the neighbours' phones, a minute apart
  for (let i = 1; i <= 55; i += 1) {
    site.emu.clock.advance(60_000);
    const out = await site.emu.invoke('deliberation', { action: 'postReply', payload: { villageId: Q, topicId, text: `第${i}条：老井的事` }, requestId: `e2e-long-reply-${i}` }, { openid: i % 2 ? 'demo-qingshi-h06-12' : 'demo-qingshi-h10-21' });
    expect((out.result as { ok: boolean }).ok).toBe(true);
  }
  await go(resident, site.url, `/deliberation/topic/index?villageId=${Q}&topicId=${encodeURIComponent(topicId)}`);
  await see(resident, '讨论（最近 50 条）');
  await see(resident, '第55条：老井的事');
  expect(await resident.getByText('第5条：老井的事', { exact: true }).filter({ visible: true }).count()).toBe(0);
  await (await byTestId(resident, 'older-replies')).click();
  await see(resident, '讨论（55）');
  await see(resident, '第1条：老井的事');
});
