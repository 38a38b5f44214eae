/**
 * The REAL weapp build (dist/weapp, built here if missing or older than client/) running in
 * miniprogram-simulate: pages render from Taro's templates, taps and holds go through Taro's event
 * handler, and every cloud call goes through wx.cloud.callFunction — recorded, and answered by a small
 * fake of the `account` and `patrol` functions that speaks the contract's envelope. The 同声传译 plugin
 * is the one WeChat piece stubbed for the talk button (requirePlugin → fakeWechatSI): WeChat's speech
 * service does not run outside WeChat.
 */
import type { MeOutput, MembershipView, VillageOverviewOutput } from '../../server/account/contract';
import { bootWeapp, ensureWeappBuild, fakeWechatSI, openPage, packageSizes, readText, settle, showApp, wxmlWarnings, type WxWorld } from './support/weapp-harness';

const QINGSHI: MembershipView & { uploadPrefix: string; stamp: string } = {
  uploadPrefix: 'u/qingshi/0123456789abcdef/',
  stamp: 'stamp-zhang',
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
/** the stamp listBoard answers (undefined: the kept membership's own) */
let boardStamp: string | undefined;
/** the 积分 tab's stamp listBoard answers, and the balance ledgerHome answers */
let ledgerStamp: string | null = 'ledger-1';
let balance = 12;
let world: WxWorld;
const si = fakeWechatSI();
const NOW = Date.UTC(2026, 4, 1, 2, 0);

const OVERVIEW: VillageOverviewOutput = {
  villageId: 'qingshi',
  name: '青石村',
  townshipId: 'hexi',
  townshipName: '河西镇',
  boundGroups: 1,
  grids: [
    { gridId: 'qingshi:g1', name: '第一网格（东头）', households: 8, residents: 15, workers: [{ memberId: 'qingshi:u:w1', name: '张建军', phone: '13912345678' }] },
    { gridId: 'qingshi:g2', name: '第二网格（西头）', households: 8, residents: 15, workers: [{ memberId: 'qingshi:u:w1', name: '张建军', phone: null }] },
  ],
  committee: [{ memberId: 'qingshi:u:c1', name: '陈国强' }],
  counts: { households: 16, residents: 30, elderly: 6, offline: 3, pendingApplications: 0 },
  myRoles: ['resident'],
};

function fakePatrol(data: any): unknown {
  switch (data.action) {
    case 'createPost':
      return { ok: true, data: { postId: 'qingshi:p:1', visibility: 'shown', lead: false } };
    case 'listBoard': {
      const warning = { postId: 'qingshi:p:w', source: 'board', authorName: '张建军', mine: false, text: '', postedAt: NOW - 3600_000, visibility: 'shown', rejectReason: null, replyCount: 0, photos: [], voice: null, officialReply: null, flaggedByMe: false, warning: { text: '有人冒充医保局打电话要验证码，千万别给', byName: '张建军', at: NOW - 3600_000 } };
      return { ok: true, data: { warnings: [warning], posts: [], nextCursor: null, memberStamp: boardStamp ?? me.memberships[0]?.stamp, unread: 1, tabStamps: { ledger: ledgerStamp, topics: null } } };
    }
    case 'noticesToHear':
      // the server merges the pinned warnings and my 消息, newest first (tests/unit/patrol/notices-to-hear.test.ts)
      return {
        ok: true,
        data: {
          notices: [
            { key: 'a1', warning: false, at: NOW, from: '张建军', text: '您上报的“水管爆了”已受理', link: null },
            { key: 'qingshi:p:w', warning: true, at: NOW - 3600_000, from: '张建军', text: '有人冒充医保局打电话要验证码，千万别给', link: null },
          ],
        },
      };
    default:
      return { ok: false, error: { code: 'unknown_action', message: '不支持的操作' } };
  }
}

function fakeLedger(data: any): unknown {
  switch (data.action) {
    case 'ledgerHome':
      return {
        ok: true,
        data: {
          villageId: 'qingshi',
          householdId: 'qingshi:h:1',
          householdName: '张桂兰户',
          balance,
          earned: balance,
          spent: 0,
          optOut: false,
          statement: { items: [], nextCursor: null, total: 0 },
          claims: [],
          redemptions: [],
          catalogue: { version: 1, categories: [], rules: [], settings: { publicNoticeDays: 3, yearEnd: 'keep' } },
          can: { review: false, editRules: false, claimForOthers: false, keepShop: false },
        },
      };
    case 'setRankingOptOut':
      return { ok: true, data: { optOut: true } };
    default:
      return { ok: false, error: { code: 'unknown_action', message: '不支持的操作' } };
  }
}

function fakeAccount(name: string, data: any): unknown {
  if (name === 'patrol') return fakePatrol(data);
  if (name === 'ledger') return fakeLedger(data);
  if (name !== 'account') return { ok: false, error: { code: 'unknown_action', message: '不支持的操作' } };
  switch (data.action) {
    case 'villageOverview':
      return { ok: true, data: OVERVIEW };
    case 'inbox':
      return {
        ok: true,
        data: {
          items: [{ auditId: 'a1', at: NOW, postedAt: NOW, action: 'acceptTicket', actorName: '张建军', summary: '您上报的“水管爆了”已受理', targetId: 't1', link: null, read: false }],
          nextCursor: null,
          unread: 1,
          digest: { templateId: null, subscribed: false },
        },
      };
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
  world = bootWeapp({ answer: fakeAccount, groupEnterInfo: { cloudID: 'dev-opengid:G-qingshi' }, plugins: { WechatSI: si.plugin } }, { scene: 1044, shareTicket: 'ticket-1' });
}, 600_000);

describe('dist/weapp, as WeChat DevTools would open it', () => {
  test('four job tabs plus 我的 in the main package; each job and account in its own subpackage; no H5 login page', () => {
    const app = JSON.parse(readText('app.json'));
    expect(app.tabBar.list.map((t: any) => t.text)).toEqual(['巡群', '网格', '议事', '积分', '我的']);
    expect(app.pages).toEqual(['pages/patrol/index', 'pages/grid/index', 'pages/deliberation/index', 'pages/ledger/index', 'pages/me/index']);
    expect(app.subPackages.map((s: any) => s.root).sort()).toEqual(['account', 'deliberation', 'grid', 'ledger', 'notices', 'outcomes', 'patrol']);
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

  test('the board answers my standing\'s stamp: the kept `me` is asked again only when the stamp differs', async () => {
    const meCalls = () => world.calls.filter((c) => c.data.action === 'me').length;
    world.storage.set('cunqun.elder.manual', false);
    const before = meCalls();
    let page = await openPage('pages/patrol/index');
    await settle();
    expect(meCalls()).toBe(before);
    page.unload();
    // the committee made 张桂兰 a grid worker: the next board answers another stamp, and the phone asks `me`
    boardStamp = 'stamp-worker';
    me = { memberships: [{ ...QINGSHI, roles: ['resident', 'grid_worker'], stamp: 'stamp-worker' }], applications: [], township: null };
    page = await openPage('pages/patrol/index');
    await settle();
    expect(meCalls()).toBe(before + 1);
    page.unload();
    boardStamp = undefined;
    me = { memberships: [QINGSHI], applications: [], township: null };
  });

  test('我的 right after the board shows the unread count the board answered, with no call of its own', async () => {
    const unreadCalls = () => world.calls.filter((c) => c.data.action === 'inboxUnread').length;
    world.storage.set('cunqun.elder.manual', false);
    const board = await openPage('pages/patrol/index');
    await settle();
    const before = unreadCalls();
    const mine = await openPage('pages/me/index');
    await settle();
    expect(mine.text()).toContain('1条未读');
    expect(unreadCalls()).toBe(before);
    mine.unload();
    board.unload();
  });

  test('积分 opened after the board shows what the phone kept, with no call, while the board\'s 积分 stamp stands (both modes)', async () => {
    const homeCalls = () => world.calls.filter((c) => c.data.action === 'ledgerHome').length;
    /** the board (its answer remembered: 长辈模式's home asks nothing, so it is opened in the standard mode), then 积分 */
    const open = async (elder: boolean) => {
      world.storage.set('cunqun.elder.manual', false);
      const board = await openPage('pages/patrol/index');
      for (let i = 0; i < 100 && !board.text().includes('冒充医保局'); i++) await settle(2);
      board.unload();
      world.storage.set('cunqun.elder.manual', elder);
      const tab = await openPage('pages/ledger/index');
      for (let i = 0; i < 100 && !tab.text().includes('累计获得'); i++) await settle(2);
      await settle(10);
      expect(tab.root().querySelector('[class*="cq-screen"]')!.getAttribute('class')!.includes('cq-elder')).toBe(elder);
      const text = tab.text();
      tab.unload();
      return text;
    };
    for (const elder of [false, true]) {
      ledgerStamp = `ledger-${elder}`;
      balance = 12;
      const before = homeCalls();
      expect(await open(elder)).toContain('12');
      expect(homeCalls()).toBe(before + 1);
      // the next open: the stamp stands, the kept answer shows and nothing is asked
      balance = 15;
      expect(await open(elder)).toContain('12');
      expect(homeCalls()).toBe(before + 1);
      // a claim posted meanwhile: the board's stamp moved, the tab asks and shows the new balance
      ledgerStamp = `ledger-${elder}-2`;
      expect(await open(elder)).toContain('15');
      expect(homeCalls()).toBe(before + 2);
      // a null stamp (nothing to keep by): asked every time
      ledgerStamp = null;
      await open(elder);
      await open(elder);
      expect(homeCalls()).toBe(before + 4);
    }
    ledgerStamp = 'ledger-1';
    world.storage.set('cunqun.elder.manual', false);
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
    // opened from the card again: who I am is asked afresh (the phone's kept answer may predate the card)
    await showApp(world, { scene: 1044, shareTicket: 'ticket-1' });
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

});

describe('按住说话 on the weapp build (the 同声传译 plugin stubbed through requirePlugin)', () => {
  const posted = () => world.calls.filter((c) => c.data.action === 'createPost').map((c) => c.data.payload);

  test('the first press asks for the microphone; a hold is recognised into the field, read back, and sent as text', async () => {
    me = { memberships: [QINGSHI], applications: [], township: null };
    const page = await openPage('patrol/post/index', { villageId: 'qingshi' });
    expect(page.text()).toContain('按住说话');

    // WeChat's consent dialog takes the first press: nothing is recorded yet
    await page.hold('按住说话', 200);
    expect(world.authorizeAsked).toEqual(['scope.record']);
    expect(page.text()).toContain('已允许使用麦克风');
    expect(si.starts).toHaveLength(0);

    await page.hold('按住说话', 900, async () => {
      expect(si.starts).toEqual([{ duration: 60_000, lang: 'zh_CN' }]);
      expect(page.text()).toContain('正在听，说完松开');
      si.hear('东头组路灯');
      await settle();
      expect(page.text()).toContain('听到：东头组路灯');
    });
    expect(si.stops()).toBe(1);
    expect(page.text()).toContain('正在变成文字');
    si.finish('东头组路灯坏了，晚上看不清路。');
    await settle();
    expect(page.text()).toContain('已把您说的话放进框里');
    expect(page.text()).toContain('15/500');

    // read back through the plugin's text-to-speech
    await page.tap('朗读');
    expect(si.spoken).toEqual(['东头组路灯坏了，晚上看不清路。']);

    await page.tap('发布');
    await settle(10);
    expect(posted().at(-1)).toMatchObject({ villageId: 'qingshi', text: '东头组路灯坏了，晚上看不清路。' });
    expect(posted().at(-1).voice).toBeUndefined();
    page.unload();
  });

  test('silence, a take cut at 60 s, nothing recognised, a refused microphone: a Chinese message each, the field unchanged', async () => {
    const page = await openPage('patrol/post/index', { villageId: 'qingshi' });
    const talk = async (whileHeld: () => void, after?: () => void) => {
      await page.hold('按住说话', 700, async () => {
        whileHeld();
        await settle();
      });
      after?.();
      await settle();
    };
    await talk(() => undefined, () => si.finish('路灯坏了'));
    expect(page.text()).toContain('4/500');

    await talk(() => si.fail(-30003));
    expect(page.text()).toContain('没有听到声音，框里的字没有改');
    expect(page.text()).toContain('4/500');

    await talk(() => si.finish('一段说了整整一分钟还没说完的话', 60_000));
    expect(page.text()).toContain('一次最多说 60 秒');
    expect(page.text()).toContain('4/500');

    await talk(() => undefined, () => si.finish(''));
    expect(page.text()).toContain('没有听清您说的话');
    expect(page.text()).toContain('4/500');

    // refused once before: WeChat will not ask again, so the person is offered the settings page
    world.authSetting['scope.record'] = false;
    const before = si.starts.length;
    await talk(() => undefined);
    expect(page.text()).toContain('没有得到使用麦克风的许可');
    expect(si.starts).toHaveLength(before);
    expect(page.text()).toContain('4/500');
    world.authSetting['scope.record'] = true;
    page.unload();
  });

  test('offline, the same hold records a voice note instead, and the field says so; it is sent with the post', async () => {
    // the person came to 发帖 from the 巡群 tab, which learnt who they are (and their upload prefix)
    (await openPage('pages/patrol/index')).unload();
    world.networkType = 'none';
    const page = await openPage('patrol/post/index', { villageId: 'qingshi' });
    const startsBefore = si.starts.length;
    await page.hold('按住说话', 900, async () => {
      expect(page.text()).toContain('正在录音，说完松开');
    });
    await settle(10);
    expect(si.starts).toHaveLength(startsBefore);
    expect(world.recorder.starts).toEqual([{ duration: 60_000, format: 'mp3' }]);
    expect(page.text()).toContain('网络不通，说话变不成文字：按这个按钮录的是语音');
    expect(page.text()).toContain('已录语音 4 秒');
    // under my upload prefix in this village (account.me): the functions accept no other fileID
    expect(world.uploads.at(-1)).toMatch(/^u\/qingshi\/0123456789abcdef\/voice\/.*\.mp3$/);

    await page.tap('发布');
    await settle(10);
    expect(posted().at(-1)).toMatchObject({ text: '', voice: { fileId: expect.stringMatching(/^cloud:\/\/.*\.mp3$/), durationS: 4 } });
    world.networkType = 'wifi';
    page.unload();
  });
});

describe('the 长辈 home on the weapp build', () => {
  test('in 长辈模式 the first tab offers 说一说, 听通知, 我的积分, 找网格员; the grid worker is one tap away', async () => {
    me = { memberships: [QINGSHI], applications: [], township: null };
    world.storage.set('cunqun.elder.manual', true);
    const home = await openPage('pages/patrol/index');
    for (const t of ['说一说', '听通知', '我的积分', '找网格员']) expect(home.text()).toContain(t);
    // the board is one step further
    expect(home.text()).not.toContain('从微信群来的消息');

    // a `me` kept from before it carried my grid: the tap asks the overview for the worker's phone
    await home.tap('找网格员');
    await settle(10);
    expect(world.calls.at(-1)!.data).toMatchObject({ action: 'villageOverview', payload: { villageId: 'qingshi' } });
    expect(world.phoneCalls).toEqual(['13912345678']);
    expect(home.text()).toContain('正在给网格员 张建军 打电话');

    await home.tap('说一说');
    await home.tap('说给村里的人听');
    expect(world.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/patrol/post/index?villageId=qingshi' });
    // back from 发帖 the choices are closed again
    expect(home.text()).not.toContain('报告问题给网格员');
    await home.tap('说一说');
    await home.tap('报告问题给网格员');
    expect(world.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/grid/report/index?villageId=qingshi' });
    await home.tap('听通知');
    expect(world.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/patrol/notices/index?villageId=qingshi' });
    await home.tap('我的积分');
    expect(world.navigations.at(-1)).toEqual({ api: 'switchTab', url: '/pages/ledger/index' });

    await home.tap('村里的群和更多功能');
    await settle(10);
    expect(home.text()).toContain('从微信群来的消息');
    home.unload();
    world.storage.set('cunqun.elder.manual', false);
  });

  test('找网格员 dials the worker of my grid from `me` with no call; with nobody to dial it names the committee', async () => {
    // `me` now carries my grid; the board's differing stamp is what makes the phone ask for it
    const learn = async (membership: typeof QINGSHI) => {
      me = { memberships: [membership], applications: [], township: null };
      world.storage.set('cunqun.elder.manual', false);
      const board = await openPage('pages/patrol/index');
      await settle(10);
      board.unload();
      world.storage.set('cunqun.elder.manual', true);
    };
    const worker = { memberId: 'qingshi:u:w9', name: '刘网格', phone: '13800001111' };
    await learn({ ...QINGSHI, stamp: 'stamp-grid-1', myGrid: { gridId: 'qingshi:g1', name: '第一网格（东头）', workers: [worker] } });
    const home = await openPage('pages/patrol/index');
    await settle(10);
    const callsBefore = world.calls.length;
    const dialled = world.phoneCalls.length;
    await home.tap('找网格员');
    await settle(10);
    expect(world.calls.slice(callsBefore).map((c) => c.data.action)).toEqual([]);
    expect(world.phoneCalls.slice(dialled)).toEqual(['13800001111']);
    expect(home.text()).toContain('正在给网格员 刘网格 打电话');
    home.unload();

    // my grid has no worker's phone: the overview names the committee
    await learn({ ...QINGSHI, stamp: 'stamp-grid-2', myGrid: { gridId: 'qingshi:g1', name: '第一网格（东头）', workers: [] } });
    const again = await openPage('pages/patrol/index');
    await settle(10);
    await again.tap('找网格员');
    await settle(10);
    expect(world.calls.at(-1)!.data).toMatchObject({ action: 'villageOverview' });
    expect(again.text()).toContain('张建军');
    again.unload();
    await learn(QINGSHI);
    world.storage.set('cunqun.elder.manual', false);
  });

  test('听通知 lists the fraud warning and my messages, newest first, and reads them all aloud', async () => {
    world.storage.set('cunqun.elder.manual', true);
    const page = await openPage('patrol/notices/index', { villageId: 'qingshi' });
    await settle(10);
    const text = page.text();
    expect(text.indexOf('已受理')).toBeGreaterThan(-1);
    expect(text.indexOf('已受理')).toBeLessThan(text.indexOf('冒充医保局'));
    const spokenBefore = si.spoken.length;
    await page.tap('全部读给我听');
    expect(si.spoken.slice(spokenBefore)[0]).toMatch(/^第1条，消息.*已受理.*第2条，防骗提醒.*冒充医保局/);
    page.unload();
    world.storage.set('cunqun.elder.manual', false);
  });
});

describe('the build as a whole', () => {
  test('no element was dropped for want of a template', () => {
    expect(wxmlWarnings).toEqual([]);
  });
});
