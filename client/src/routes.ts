import Taro from '@tarojs/taro';

/** Every page, by name. Tab pages live in the main package; the rest in subpackages. */
export const routes = {
  // tab pages (main package)
  patrol: '/pages/patrol/index',
  grid: '/pages/grid/index',
  deliberation: '/pages/deliberation/index',
  ledger: '/pages/ledger/index',
  me: '/pages/me/index',
  // browser build only
  devLogin: '/pages/dev-login/index',
  // account subpackage
  join: '/account/join/index',
  village: '/account/village/index',
  applications: '/account/applications/index',
  review: '/account/review/index',
  invites: '/account/invites/index',
  roles: '/account/roles/index',
  audit: '/account/audit/index',
  offlineResident: '/account/offline-resident/index',
  bindGroup: '/account/bind-group/index',
  inbox: '/account/inbox/index',
  // outcomes subpackage (成效看板: a village, or the township's villages without villageId)
  dashboard: '/outcomes/dashboard/index',
  dashboardItems: '/outcomes/items/index',
  // grid subpackage (the grid worker's register)
  households: '/grid/households/index',
  household: '/grid/household/index',
  // grid subpackage (网格上报)
  report: '/grid/report/index',
  ticket: '/grid/ticket/index',
  myTickets: '/grid/mine/index',
  dueTickets: '/grid/due/index',
  board: '/grid/board/index',
  // ledger subpackage (道德银行)
  ledgerClaim: '/ledger/claim/index',
  ledgerBoard: '/ledger/board/index',
  ledgerRules: '/ledger/rules/index',
  ledgerShop: '/ledger/shop/index',
  ledgerRanking: '/ledger/ranking/index',
  ledgerReport: '/ledger/report/index',
  // notices subpackage (村务公开)
  notices: '/notices/list/index',
} as const;

const TABS = new Set<string>([routes.patrol, routes.grid, routes.deliberation, routes.ledger, routes.me]);

export function go(url: string, params?: Record<string, string | number | undefined | null>): void {
  if (TABS.has(url)) {
    Taro.switchTab({ url });
    return;
  }
  const q = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  Taro.navigateTo({ url: q ? `${url}?${q}` : url });
}

export function back(): void {
  const pages = Taro.getCurrentPages();
  if (pages.length > 1) Taro.navigateBack();
  else Taro.switchTab({ url: routes.me });
}

/** The current page's query, decoded. */
export function useParams(): Record<string, string> {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}
