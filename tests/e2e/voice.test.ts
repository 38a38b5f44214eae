/**
 * 长辈 speak instead of type (issue 14), walked in the H5 build in Chromium against a test emulator with the
 * demo seeded: the elderly persona posts to the board and files a report by voice from the 长辈 home; with
 * recognition unavailable the same taps leave a voice note; the home calls her grid worker and reads notices.
 *
 * What is stubbed, and why: `window.SpeechRecognition` (and Chromium's `webkitSpeechRecognition`), in the
 * page, by an init script — Chromium sends speech to Google's service, which is not reachable offline, so the
 * stub says what the service would have heard. It is driven take by take (`plan`). Nothing else is stubbed:
 * the microphone is Chromium's fake device, and the field, read-aloud, msgSecCheck, the functions and the
 * store are the real app.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { byTestId, fillArea, go, loginAs, pageErrors, see, tap, useDemoSite } from './support';

jest.setTimeout(240_000);

const site = useDemoSite();
const ELDER = '长辈村民（长辈模式）';

interface Plan {
  /** words while speaking */
  partial?: string;
  /** the final words when the take is stopped */
  say?: string;
  /** a SpeechRecognitionErrorEvent.error the service answers with instead */
  error?: string;
}

/**
 * The Web Speech API as the page sees it, minus Google's service: each start() takes the next plan. Plain
 * JavaScript in a string: the page runs it as written (a function would arrive transpiled, with helpers
 * the page does not have).
 */
const STUB_RECOGNITION = `(() => {
  const speech = { plans: [], langs: [] };
  window.__speech = speech;
  const results = (items) => items.map(([transcript, isFinal]) => Object.assign([{ transcript, confidence: 0.9 }], { isFinal }));
  function StubRecognition() {
    this.lang = ''; this.continuous = false; this.interimResults = false; this.maxAlternatives = 1;
    this.onresult = null; this.onerror = null; this.onend = null;
    this.plan = {}; this.ended = false;
  }
  StubRecognition.prototype.start = function () {
    speech.langs.push(this.lang);
    this.plan = speech.plans.shift() || {};
    setTimeout(() => {
      if (this.plan.error) { if (this.onerror) this.onerror({ error: this.plan.error }); this.end(); }
      else if (this.plan.partial && this.onresult) this.onresult({ results: results([[this.plan.partial, false]]) });
    }, 50);
  };
  StubRecognition.prototype.stop = function () {
    setTimeout(() => {
      if (this.ended) return;
      if (this.plan.say && this.onresult) this.onresult({ results: results([[this.plan.say, true]]) });
      this.end();
    }, 50);
  };
  StubRecognition.prototype.abort = function () { this.end(); };
  StubRecognition.prototype.end = function () { if (this.ended) return; this.ended = true; if (this.onend) this.onend(); };
  window.SpeechRecognition = StubRecognition;
  window.webkitSpeechRecognition = StubRecognition;
})();`;

/** "No API in the browser": the recognition constructors are gone. */
const REMOVE_RECOGNITION = 'delete window.SpeechRecognition; delete window.webkitSpeechRecognition;';

async function elderPhone(prepare: (context: BrowserContext) => Promise<unknown>): Promise<Page> {
  const phone = await site.phone({ microphone: true });
  await prepare(phone.context);
  await loginAs(phone.page, site.url, ELDER);
  return phone.page;
}

const plan = (page: Page, p: Plan) => page.evaluate((x) => (window as any).__speech.plans.push(x), p);
const areaValue = (page: Page, name: string) => page.locator(`[data-field="${name}"] textarea, textarea[data-field="${name}"]`).filter({ visible: true }).first().inputValue();
const talk = (page: Page, name: string) => byTestId(page, `talk-${name}`).then((b) => b.click());
const posts = () => site.emu.store.all('patrol');
const tabBar = (page: Page, label: string) => page.locator('.weui-tabbar__item', { hasText: label }).filter({ visible: true }).first().click();

/** One tap-mode take: tap, (speak), tap again. */
async function speak(page: Page, name: string, p: Plan): Promise<void> {
  await plan(page, p);
  await talk(page, name);
  await see(page, '正在听，说完点这里');
  if (p.partial) await see(page, `听到：${p.partial}`);
  await talk(page, name);
}

test('the elderly persona posts to the board by voice: recognised, read back, corrected, sent as text; bad takes leave the field alone', async () => {
  const e = await elderPhone((c) => c.addInitScript({ content: STUB_RECOGNITION }));
  await tap(e, '说一说');
  await tap(e, '说给村里的人听');
  await see(e, '按住说话');

  await speak(e, 'post-text', { partial: '村口的路灯', say: '村口的路灯坏了三天了，晚上看不清路。' });
  await see(e, '已把您说的话放进框里');
  expect(await areaValue(e, 'post-text')).toBe('村口的路灯坏了三天了，晚上看不清路。');
  // read back (the browser's speech synthesis), then corrected by hand
  await byTestId(e, 'talk-ok-post-text');
  expect(await e.locator('.cq-read', { hasText: '朗读' }).filter({ visible: true }).count()).toBeGreaterThan(0);

  // bad takes: a clear message each, the field as it was
  await plan(e, { error: 'no-speech' });
  await talk(e, 'post-text');
  await see(e, '没有听到声音，框里的字没有改');
  await speak(e, 'post-text', {});
  await see(e, '没有听清您说的话');
  await plan(e, { error: 'not-allowed' });
  await talk(e, 'post-text');
  await see(e, '没有得到使用麦克风的许可');
  expect(await areaValue(e, 'post-text')).toBe('村口的路灯坏了三天了，晚上看不清路。');

  // a second take joins after the first; then she corrects a word by hand
  await speak(e, 'post-text', { say: '请网格员来看看' });
  await see(e, '已把您说的话放进框里');
  expect(await areaValue(e, 'post-text')).toBe('村口的路灯坏了三天了，晚上看不清路。请网格员来看看');
  await fillArea(e, 'post-text', '村口的路灯坏了三天了，晚上看不清路。请网格员来修一修');
  await tap(e, '发布');
  await see(e, '说一说');
  const sent = posts().find((d) => d.text === '村口的路灯坏了三天了，晚上看不清路。请网格员来修一修');
  expect(sent).toBeDefined();
  expect(sent!.voice ?? null).toBeNull();

  // recognised words pass msgSecCheck like typed words: a fraud pitch said aloud is refused
  await tap(e, '说一说');
  await tap(e, '说给村里的人听');
  await speak(e, 'post-text', { say: '在家刷单返利，一天赚三百' });
  await see(e, '已把您说的话放进框里');
  await tap(e, '发布');
  await see(e, '涉嫌诈骗');
  expect(posts().some((d) => d.text === '在家刷单返利，一天赚三百')).toBe(false);
  expect(pageErrors(e)).toEqual([]);
});

test('the elderly persona files a report by voice; the words pick the category', async () => {
  const e = await elderPhone((c) => c.addInitScript({ content: STUB_RECOGNITION }));
  await tap(e, '说一说');
  await tap(e, '报告问题给网格员');
  await see(e, '说一说是什么问题');
  await speak(e, 'text', { partial: '东头组水管', say: '东头组水管爆了，一直在冒水' });
  await see(e, '已把您说的话放进框里');
  await see(e, '看起来是');
  await (await byTestId(e, 'category-water_power')).click();
  await tap(e, '提交上报');
  await see(e, '等待网格员受理');
  const ticketId = decodeURIComponent(/ticketId=([^&]+)/.exec(e.url())![1]);
  const ticket = site.emu.store.all('tickets').find((t) => t._id === ticketId)!;
  expect(ticket).toMatchObject({ categoryId: 'water_power', text: '东头组水管爆了，一直在冒水' });
  expect(ticket.voice ?? null).toBeNull();
  expect(pageErrors(e)).toEqual([]);
});

test('with recognition unavailable (no API in this browser) the same taps leave a voice note, and the field says so', async () => {
  const e = await elderPhone((c) => c.addInitScript({ content: REMOVE_RECOGNITION }));

  // the board post
  await tap(e, '说一说');
  await tap(e, '说给村里的人听');
  await see(e, '这个浏览器不能把说话变成文字：按这个按钮录的是语音');
  await talk(e, 'post-text');
  await see(e, '正在录音，说完点这里');
  await e.waitForTimeout(1200); // she speaks
  await talk(e, 'post-text');
  await see(e, '听一听我的语音');
  const voiced = () => posts().filter((d) => d.text === '' && d.voice).length;
  const before = voiced();
  await tap(e, '发布');
  await see(e, '说一说');
  expect(voiced()).toBe(before + 1);

  // the report
  await tap(e, '说一说');
  await tap(e, '报告问题给网格员');
  await see(e, '这个浏览器不能把说话变成文字：按这个按钮录的是语音');
  await talk(e, 'text');
  await see(e, '正在录音，说完点这里');
  await e.waitForTimeout(1200);
  await talk(e, 'text');
  await see(e, '听一听我的语音');
  await (await byTestId(e, 'category-water_power')).click();
  await tap(e, '提交上报');
  await see(e, '等待网格员受理');
  const ticketId = decodeURIComponent(/ticketId=([^&]+)/.exec(e.url())![1]);
  expect(site.emu.store.all('tickets').find((t) => t._id === ticketId)).toMatchObject({ voice: { fileId: expect.any(String) } });

  // a field whose command takes no voice note says to type
  await go(e, site.url, '/ledger/claim/index?villageId=qingshi');
  await see(e, '这个浏览器不能把说话变成文字，这一栏请打字');
  expect(pageErrors(e)).toEqual([]);
});

test('the 长辈 home: 找网格员 gives the number of her own grid worker, 听通知 lists the fraud warning, 我的积分 opens the points; the language is chosen once on 我的', async () => {
  const e = await elderPhone((c) => c.addInitScript({ content: STUB_RECOGNITION }));
  for (const t of ['说一说', '听通知', '我的积分', '找网格员']) await see(e, t);

  await tap(e, '我的积分');
  await byTestId(e, 'ledger-balance');
  await go(e, site.url, '/pages/patrol/index');

  // her grid worker's number, from the register: the one phone the overview shows her
  const worker = site.emu.store.all('register').find((d) => d.kind === 'person' && d.villageId === 'qingshi' && d.name === '张建军')!;
  await tap(e, '找网格员');
  await see(e, '网格员 张建军 的电话');
  await see(e, worker.phone as string);
  // the browser dials from a tel: link (WeChat calls makePhoneCall at once: weapp-simulate.test.ts)
  await expect((await byTestId(e, 'dial')).getAttribute('href')).resolves.toBe(`tel:${worker.phone}`);

  await tap(e, '听通知');
  await see(e, '冒充社保局');
  await see(e, '全部读给我听');
  await e.goBack();

  // 粤语, chosen on 我的, is what the next take listens for (through the tab bar, as she would)
  await tabBar(e, '我的');
  await see(e, '说话变文字');
  await tap(e, '粤语');
  await tabBar(e, '巡群');
  await tap(e, '说一说');
  await tap(e, '说给村里的人听');
  await speak(e, 'post-text', { say: '路灯坏咗' });
  await see(e, '已把您说的话放进框里');
  expect(await e.evaluate(() => (window as any).__speech.langs.at(-1))).toBe('yue-Hant-HK');
  expect(pageErrors(e)).toEqual([]);
});
