/**
 * The REAL weapp build (dist/weapp, built here if missing or older than client/) running in
 * miniprogram-simulate: pages render from Taro's templates, taps go through Taro's event handler,
 * and every cloud call goes through wx.cloud.callFunction — recorded, and answered by a small fake
 * of the `account` function that speaks the contract's envelope.
 */
import type { MeOutput, MembershipView } from '../../server/account/contract';
import { bootWeapp, ensureWeappBuild, openPage, packageSizes, readText, settle, wxmlWarnings, type WxWorld } from './support/weapp-harness';

const QINGSHI: MembershipView = {
  memberId: 'qingshi:u:o-zhang',
  villageId: 'qingshi',
  villageName: '青石村',
  townshipId: 'hexi',
  status: 'active',
  roles: ['resident'],
  gridIds: [],
  name: '张桂兰',
  householdId: 'qingshi:h:1',
  gridId: 'qingshi:g1',
};

let me: MeOutput = { memberships: [QINGSHI], applications: [], township: null };
let world: WxWorld;

function fakeAccount(name: string, data: any): unknown {
  if (name !== 'account') return { ok: false, error: { code: 'unknown_action', message: '不支持的操作' } };
  switch (data.action) {
    case 'me':
      return { ok: true, data: me };
    case 'joinByGroupCard':
      if (!data.group?.cloudID) return { ok: false, error: { code: 'invalid_input', message: '填写的内容有误，请检查后再试' } };
      return { ok: true, data: { applicationId: 'qingshi:u:o-new', villageId: 'qingshi', villageName: '青石村', status: 'pending' } };
    default:
      return { ok: false, error: { code: 'unknown_action', message: '不支持的操作' } };
  }
}

beforeAll(() => {
  ensureWeappBuild();
  // Launched from a share card in a WeChat group (scene 1044, with a shareTicket).
  world = bootWeapp({ answer: fakeAccount, groupEnterInfo: { cloudID: 'dev-opengid:G-qingshi' } }, { scene: 1044, shareTicket: 'ticket-1' });
}, 600_000);

describe('dist/weapp, as WeChat DevTools would open it', () => {
  test('four job tabs plus 我的 in the main package; each job and account in its own subpackage; no H5 login page', () => {
    const app = JSON.parse(readText('app.json'));
    expect(app.tabBar.list.map((t: any) => t.text)).toEqual(['巡群', '网格', '议事', '积分', '我的']);
    expect(app.pages).toEqual(['pages/patrol/index', 'pages/grid/index', 'pages/deliberation/index', 'pages/ledger/index', 'pages/me/index']);
    expect(app.subPackages.map((s: any) => s.root).sort()).toEqual(['account', 'deliberation', 'grid', 'ledger', 'patrol']);
    expect(JSON.stringify(app)).not.toContain('dev-login');
    expect(() => readText('pages/dev-login/index.js')).toThrow();
  });

  test('the main package stays within 512 KB (WeChat allows 2 MB), every subpackage within 2 MB', () => {
    const sizes = packageSizes();
    expect(sizes.main).toBeLessThanOrEqual(512 * 1024);
    for (const size of Object.values(sizes.subpackages)) expect(size).toBeLessThanOrEqual(2048 * 1024);
  });
});

describe('pages of the real build', () => {
  test('我的 shows who I am, fetched with account.me over wx.cloud.callFunction', async () => {
    const page = await openPage('pages/me/index');
    expect(page.text()).toContain('张桂兰');
    expect(page.text()).toContain('青石村 · 村民');
    const call = world.calls.find((c) => c.data.action === 'me');
    expect(call).toBeDefined();
    expect(call!.name).toBe('account');
    expect(call!.data.payload).toEqual({});
    expect(call!.data.requestId).toMatch(/^[a-z0-9]+-[0-9a-f]{24}$/);
    page.unload();
  });

  test('tapping 长辈模式 makes the page black-on-white at 1.3× and remembers the choice; tapping again undoes it', async () => {
    const page = await openPage('pages/me/index');
    const screen = () => page.root().querySelector('[class*="cq-screen"]')!;
    expect(screen().getAttribute('class')).not.toContain('cq-elder');
    expect(page.text()).toContain('长辈模式');

    await page.tap('长辈模式');
    expect(screen().getAttribute('class')).toContain('cq-elder');
    expect(screen().getAttribute('style')).toContain('--cq-scale: 1.3');
    expect(world.storage.get('cunqun.elder.manual')).toBe(true);
    // fewer choices: the switch row now says it was set by hand
    expect(page.text()).toContain('您手动设置过');

    await page.tap('长辈模式');
    expect(screen().getAttribute('class')).not.toContain('cq-elder');
    expect(world.storage.get('cunqun.elder.manual')).toBe(false);
    page.unload();
  });

  test('with WeChat set to a large font and no choice made, elder mode follows WeChat', async () => {
    world.storage.delete('cunqun.elder.manual');
    world.appBaseInfo.fontSizeScaleFactor = 1.4;
    const page = await openPage('pages/me/index');
    const screen = page.root().querySelector('[class*="cq-screen"]')!;
    expect(screen.getAttribute('class')).toContain('cq-elder');
    expect(screen.getAttribute('style')).toContain('--cq-scale: 1.4');
    expect(page.text()).toContain('跟随微信字体设置');
    page.unload();
    world.appBaseInfo.fontSizeScaleFactor = 1;
    world.storage.set('cunqun.elder.manual', false);
  });

  test('opened from a group card, a newcomer applies without a code; the CloudID rides at the top level of the event', async () => {
    me = { memberships: [], applications: [], township: null };
    const patrol = await openPage('pages/patrol/index');
    expect(patrol.text()).toContain('您还没有加入村');
    await patrol.tap('申请加入本群所属的村');
    expect(world.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/account/join/index?via=group' });
    patrol.unload();

    const join = await openPage('account/join/index', { via: 'group' });
    expect(join.text()).toContain('不需要邀请码');
    const fields = join.comp.querySelectorAll('.cq-input');
    fields[0].dispatchEvent('input', { detail: { value: '李秀英' } });
    fields[1].dispatchEvent('input', { detail: { value: '李建国家' } });
    await settle();
    await join.tap('提交申请');
    await settle(10);

    const call = world.calls.find((c) => c.data.action === 'joinByGroupCard');
    expect(call).toBeDefined();
    // CloudBase replaces a CloudID with its open data only at the top level of callFunction's data
    expect(call!.data.group).toEqual(expect.objectContaining({ cloudID: 'dev-opengid:G-qingshi' }));
    expect(call!.data.payload).toEqual({ name: '李秀英', householdHint: '李建国家' });
    expect(call!.data.payload.group).toBeUndefined();
    expect(join.text()).toContain('青石村：待村委审核');
    join.unload();
  });

  test('no element was dropped for want of a template', () => {
    expect(wxmlWarnings).toEqual([]);
  });
});
