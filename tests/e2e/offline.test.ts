/**
 * Weak network (issue 12): a post written while the phone is offline is kept on the phone as a draft,
 * shown as waiting, and sent again with the same requestId when the network returns — it reaches the
 * server exactly once, even when the person taps 发布 again (offline, and once more after it went out).
 */
import { fillArea, see, tap, useDemoSite } from './support';

jest.setTimeout(240_000);

const site = useDemoSite();
const postsWith = (text: string) => site.emu.store.all('patrol').filter((d) => JSON.stringify(d).includes(text));

test('a post written offline waits on the phone and reaches the server exactly once when the network returns', async () => {
  const r = await site.login('普通村民');
  await see(r, '村里的群');
  await tap(r, '发帖');
  const text = `离线时写的：东头组井盖松了（${Date.now().toString(36)}）`;
  await fillArea(r, 'post-text', text);

  const sent: string[] = [];
  r.on('request', (req) => {
    if (req.url().includes('/api/functions/patrol') && (req.postData() ?? '').includes(text)) sent.push(JSON.parse(req.postData()!).requestId);
  });

  await r.context().setOffline(true);
  await tap(r, '发布');
  await see(r, '已存为草稿');
  await see(r, '1 条等待发送');
  // a second tap while offline is the same intent: still one draft, the same requestId
  await tap(r, '发布');
  await see(r, '1 条等待发送');
  expect(postsWith(text)).toHaveLength(0);
  // the draft survives on the phone (Taro storage)
  const kept = await r.evaluate(() => JSON.stringify(localStorage));
  expect(kept).toContain('cunqun.outbox');

  await r.context().setOffline(false);
  // the network is back: the outbox sends it by itself
  await r.locator('[data-testid="outbox-waiting"]').first().waitFor({ state: 'detached', timeout: 40_000 });
  expect(postsWith(text)).toHaveLength(1);

  // tapping 发布 once more: the same requestId, answered from what the server stored — still one post
  await tap(r, '发布');
  await see(r, '村里的群');
  expect(postsWith(text)).toHaveLength(1);
  expect(sent.length).toBeGreaterThanOrEqual(2);
  expect(new Set(sent).size).toBe(1);
});
