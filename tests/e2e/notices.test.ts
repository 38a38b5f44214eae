/**
 * 村务公开 in the H5 build, tried as a new user would (issue 11, "Done when"): the committee publishes a
 * notice from 我的 → 村务公开 → 发布通知; the elderly persona (长辈模式) opens it and hears it read aloud; the
 * committee sees the seen-by count move, in the village figure and in her grid's.
 *
 * What is watched, not stubbed: `speechSynthesis.speak` is wrapped by an init script that notes each
 * utterance's text and then speaks it as the browser would — so the test knows what 朗读 said.
 */
import type { Page } from 'playwright-core';
import { byTestId, fill, fillArea, go, loginAs, pageErrors, see, tap, useDemoSite } from './support';

jest.setTimeout(300_000);

const site = useDemoSite();
const TITLE = '关于村道拓宽征求意见的通知';
const TEXT = '村里计划把东头组到村口的村道拓宽到五米，占用的菜地按每平方米八十元补偿。请各户在本月二十日前到村委会或网格员处提出意见。';

const WATCH_SPEECH = `(() => {
  window.__spoken = [];
  const synth = window.speechSynthesis;
  if (!synth) return;
  const speak = synth.speak.bind(synth);
  synth.speak = (u) => { window.__spoken.push(u.text); speak(u); };
})();`;

/** The first number a figure shows: "3 / 32 户" → 3, "看过 2 · 告知 1 · 共 8 户" → 2, "1 户" → 1. */
async function seenCount(page: Page, testId: string): Promise<number> {
  const text = await (await byTestId(page, testId)).innerText();
  const n = /(\d+)\s*(?:\/|·|户)/.exec(text);
  if (!n) throw new Error(`no count in “${text}”`);
  return Number(n[1]);
}

test('the committee publishes a notice, the elderly persona hears it read aloud, and the seen-by count moves', async () => {
  // ── the committee publishes ──
  const committee = await site.login('村委委员');
  await go(committee, site.url, '/pages/me/index');
  await tap(committee, '村务公开');
  await see(committee, '财务收支公示'); // the demo's notices are there
  await (await byTestId(committee, 'notice-publish')).click();
  await see(committee, '哪一类公开');
  await tap(committee, '村务公开');
  await fill(committee, 'title', TITLE);
  await fillArea(committee, 'notice-text', TEXT);
  await tap(committee, '置顶7天');
  await (await byTestId(committee, 'notice-submit')).click();
  await committee.waitForURL(/notices\/notice\/index/, { timeout: 15_000 });
  await see(committee, TITLE);
  await see(committee, '多少户已经知道');
  // the committee member's own household counts from his opening
  const before = await seenCount(committee, 'reach-seen');
  const gridBefore = await seenCount(committee, 'reach-qingshi:g1');
  expect(before).toBeGreaterThanOrEqual(1);

  // ── 李桂兰 (长辈模式) opens it from 我的 → 村务公开, pinned at the top, and has it read aloud ──
  const phone = await site.phone();
  await phone.context.addInitScript(WATCH_SPEECH);
  const elder = phone.page;
  await loginAs(elder, site.url, '长辈村民（长辈模式）');
  await go(elder, site.url, '/pages/me/index');
  await tap(elder, '村务公开');
  await see(elder, '置顶');
  expect(await elder.locator('[data-elder="1"]').filter({ visible: true }).count()).toBeGreaterThan(0);
  await tap(elder, TITLE);
  await see(elder, '村道拓宽到五米');
  await tap(elder, '朗读');
  await elder.waitForFunction(() => ((window as any).__spoken ?? []).length > 0, undefined, { timeout: 15_000 });
  const spoken = ((await elder.evaluate(() => (window as any).__spoken)) as string[]).join('');
  expect(spoken).toContain(TITLE);
  expect(spoken).toContain('每平方米八十元补偿');
  expect(spoken).toContain('村务公开');
  // she can ask under it
  await fillArea(elder, 'question', '我家菜地在路边，补偿什么时候发？');
  await (await byTestId(elder, 'ask-submit')).click();
  await see(elder, '问题已提交');
  await see(elder, '我家菜地在路边，补偿什么时候发？');

  // ── the committee sees the count move, in the village and in 第一网格, and answers ──
  await committee.reload();
  await see(committee, '我家菜地在路边');
  expect(await seenCount(committee, 'reach-seen')).toBe(before + 1);
  expect(await seenCount(committee, 'reach-qingshi:g1')).toBe(gridBefore + 1);
  // the answer field of the one open question (named after it)
  const answerField = await committee.locator('[data-field^="answer-"]').filter({ visible: true }).first().getAttribute('data-field');
  expect(answerField).toMatch(/^answer-qingshi:nt:/);
  await fillArea(committee, answerField!, '征地补偿款在开工前一次发到各户的社保卡上。');
  await (await byTestId(committee, 'answer-submit')).click();
  await see(committee, '答：征地补偿款在开工前一次发到各户的社保卡上。');

  expect(pageErrors(committee)).toEqual([]);
  expect(pageErrors(elder)).toEqual([]);
});

test('a grid worker tells an offline household in person, openly recorded', async () => {
  const worker = await site.login('网格员');
  await go(worker, site.url, '/pages/me/index');
  await tap(worker, '村务公开');
  await tap(worker, '关于开展人居环境整治的通知');
  await see(worker, '多少户已经知道');
  const told = await seenCount(worker, 'reach-told');
  await (await byTestId(worker, 'notice-tell')).click();
  await see(worker, '还不知道');
  // 杨秀英 lives alone without WeChat (东头组11号)
  await see(worker, '杨秀英家');
  await (await byTestId(worker, 'tell-qingshi:h:h05')).click();
  await see(worker, '当面告知了 杨秀英');
  await go(worker, site.url, '/pages/me/index');
  await tap(worker, '村务公开');
  await tap(worker, '关于开展人居环境整治的通知');
  await see(worker, '当面告知记录');
  await see(worker, '张建军 当面告知了 杨秀英');
  expect(await seenCount(worker, 'reach-told')).toBe(told + 1);
  expect(pageErrors(worker)).toEqual([]);
});
