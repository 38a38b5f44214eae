/**
 * Page map. Tab pages (the four jobs + 我的) are the main package and stay light; everything else is
 * a subpackage loaded on first use. patrol / deliberation / ledger get their subpackages with their
 * first non-tab pages (WeChat rejects a subpackage without pages).
 *
 * The persona picker exists only in the browser build. The 同声传译 plugin is declared only when
 * CUNQUN_WECHATSI=1 (it needs a real appid that has added the plugin; DevTools refuses to compile an
 * app.json naming a plugin the appid may not use). Without it, read-aloud is hidden in WeChat.
 */
const isH5 = process.env.TARO_ENV === 'h5';
const withWechatSI = process.env.CUNQUN_WECHATSI === '1';

export default defineAppConfig({
  pages: [
    'pages/patrol/index',
    'pages/grid/index',
    'pages/deliberation/index',
    'pages/ledger/index',
    'pages/me/index',
    ...(isH5 ? ['pages/dev-login/index'] : []),
  ],
  subPackages: [
    {
      root: 'account',
      pages: [
        'join/index',
        'village/index',
        'applications/index',
        'review/index',
        'invites/index',
        'roles/index',
        'audit/index',
        'offline-resident/index',
        'bind-group/index',
        'inbox/index',
      ],
    },
    { root: 'patrol', pages: ['post/index', 'thread/index', 'paste/index', 'import/index', 'queue/index', 'lead/index', 'lexicon/index', 'coverage/index', 'accuracy/index', 'notices/index'] },
    { root: 'grid', pages: ['households/index', 'household/index', 'report/index', 'ticket/index', 'mine/index', 'due/index', 'board/index'] },
    { root: 'deliberation', pages: ['topic/index', 'propose/index', 'vote/index', 'assist/index', 'results/index', 'open-poll/index', 'outcome/index', 'settings/index'] },
    // 成效看板: its own subpackage, so its tables and bars load only when someone opens it
    { root: 'outcomes', pages: ['dashboard/index', 'items/index'] },
    { root: 'ledger', pages: ['claim/index', 'board/index', 'shop/index', 'rules/index', 'ranking/index', 'report/index'] },
    // 村务公开
    { root: 'notices', pages: ['list/index', 'notice/index', 'publish/index', 'households/index'] },
  ],
  tabBar: {
    color: '#3a3a3a',
    selectedColor: '#0b6e3f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/patrol/index', text: '巡群', iconPath: 'assets/tab/patrol.png', selectedIconPath: 'assets/tab/patrol-on.png' },
      { pagePath: 'pages/grid/index', text: '网格', iconPath: 'assets/tab/grid.png', selectedIconPath: 'assets/tab/grid-on.png' },
      { pagePath: 'pages/deliberation/index', text: '议事', iconPath: 'assets/tab/deliberation.png', selectedIconPath: 'assets/tab/deliberation-on.png' },
      { pagePath: 'pages/ledger/index', text: '积分', iconPath: 'assets/tab/ledger.png', selectedIconPath: 'assets/tab/ledger-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  window: {
    navigationBarTitleText: '村群治理',
    navigationBarBackgroundColor: '#0b6e3f',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f4f1',
  },
  ...(withWechatSI
    ? { plugins: { WechatSI: { version: process.env.CUNQUN_WECHATSI_VERSION || '0.3.5', provider: 'wx069ba97219f66d99' } } }
    : {}),
  lazyCodeLoading: 'requiredComponents',
});
