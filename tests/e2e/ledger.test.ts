/**
 * 道德银行's offline channel in the H5 build: a grid worker at the village shop redeems a towel for 王德福,
 * an elder without WeChat, from his household's points (代办). The worker gets the pickup code to hand over,
 * the keeper's list names his household, and the audit record says who acted for whom.
 */
import { sdkFor } from '../../demo/start-demo';
import { answerModal, byTestId, go, pageErrors, see, tap, useDemoSite } from './support';

jest.setTimeout(240_000);


const site = useDemoSite();


test('a grid worker redeems for an elder without WeChat (代办), and the record says so', async () => {
  const page = await site.login('网格员');
  await go(page, site.url, '/ledger/shop/index?villageId=qingshi');
  await see(page, '为谁兑换');
  await tap(page, '替居民代办');
  await tap(page, '王德福');
  await see(page, '用 王德福 家的积分');

  await (await byTestId(page, 'redeem-毛巾')).click();
  await see(page, '确认代办兑换');
  await answerModal(page, '兑换');
  await answerModal(page, '确定');
  const code = (await (await byTestId(page, 'shop-proxy-code')).innerText()).replace(/\s/g, '');
  expect(code).toMatch(/^\d{6}$/);
  await see(page, '已替 王德福 兑换毛巾');

  // the record: the worker acted, for 王德福, from his household's account
  const sdk = sdkFor(site.emu);
  const { data } = await sdk.database().collection('audit').where({ action: 'redeem', actorName: '张建军' }).get();
  // the record landed with the redemption, in the same transaction
  const record = (data as any[]).find((r: any) => r.summary.includes('毛巾'));
  expect(record).toMatchObject({ actorName: '张建军', summary: expect.stringContaining('代 王德福') });
  expect(record.onBehalfOf).toMatch(/^qingshi:/);
  expect(pageErrors(page)).toEqual([]);
});
