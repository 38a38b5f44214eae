/**
 * A village's grid settings: the category catalogue (each with who handles it and its deadlines), the
 * village boundary (centre + radius) and, optionally, a centre per grid so a spot on the map finds its
 * grid. Kept in the register as `${v}:gridcfg` (kind `grid_settings`) so an action reads it in the same
 * `_id in [...]` call as the caller. A village without one uses DEFAULT_CATEGORIES and no boundary.
 */
import type { Doc } from '../kernel/store';
import type { CategoryView, RouteRole } from './contract';

export const settingsDocId = (villageId: string): string => `${villageId}:gridcfg`;

export interface Boundary {
  latitude: number;
  longitude: number;
  radiusM: number;
}

export interface GridSettingsDoc extends Doc {
  kind: 'grid_settings';
  villageId: string;
  categories: CategoryView[];
  boundary: Boundary | null;
  /** gridId → the grid's centre (a spot goes to the nearest) */
  gridCentres: Record<string, { latitude: number; longitude: number }>;
  /** subscribe-message template ids registered for the mini-program (WeChat admin console) */
  templates: { ticketUpdate: string | null; dailyDigest?: string | null };
}

const category = (categoryId: string, name: string, route: RouteRole, acceptWithinHours: number, resolveWithinDays: number, keywords: string[]): CategoryView => ({
  categoryId,
  name,
  route,
  acceptWithinHours,
  resolveWithinDays,
  keywords,
});

/** The catalogue a village starts with (the committee may tune hours/days in its settings document). */
export const DEFAULT_CATEGORIES: CategoryView[] = [
  category('water_power', '水电', 'grid_worker', 4, 3, ['水管', '爆管', '爆了', '漏水', '停水', '没水', '自来水', '水表', '水压', '停电', '没电', '电线', '跳闸', '电表', '漏电']),
  category('road', '道路', 'grid_worker', 24, 7, ['路面', '道路', '坑', '塌陷', '路灯', '桥', '积水', '排水沟', '井盖', '堵路']),
  category('sanitation', '环境卫生', 'grid_worker', 24, 3, ['垃圾', '臭', '污水', '粪', '焚烧', '烧秸秆', '杂物', '卫生', '死猫', '死狗', '蚊蝇', '堆放']),
  category('security', '治安', 'committee', 2, 2, ['偷', '被盗', '盗窃', '打架', '斗殴', '陌生人', '可疑', '赌博', '诈骗', '骗子']),
  category('dispute', '邻里纠纷', 'grid_worker', 24, 7, ['吵架', '纠纷', '矛盾', '宅基地', '占地', '占道', '噪音', '扯皮', '邻居']),
  category('unsafe_house', '危房安全', 'committee', 4, 5, ['危房', '裂缝', '倒塌', '塌了', '漏雨', '墙体', '房顶', '房梁', '歪了']),
  category('policy', '政策咨询', 'committee', 48, 5, ['政策', '补贴', '医保', '社保', '低保', '养老金', '怎么办理', '咨询', '证明', '户口']),
  category('other', '其他', 'grid_worker', 24, 7, []),
];

export function settingsOf(doc: Doc | null | undefined, villageId: string): GridSettingsDoc {
  if (doc && doc.kind === 'grid_settings') return doc as GridSettingsDoc;
  return { _id: settingsDocId(villageId), kind: 'grid_settings', villageId, categories: DEFAULT_CATEGORIES, boundary: null, gridCentres: {}, templates: { ticketUpdate: null } };
}

/**
 * The category whose keywords the text mentions most (ties: catalogue order), or null. Text is folded
 * the cheap way (NFKC, lower case, no spaces) — enough for keywords typed or transcribed by WeChat.
 */
export function suggestCategory(text: string, categories: CategoryView[]): string | null {
  const folded = fold(text);
  if (!folded) return null;
  let best: { id: string; hits: number } | null = null;
  for (const c of categories) {
    const hits = c.keywords.reduce((n, k) => (folded.includes(fold(k)) ? n + 1 : n), 0);
    if (hits > 0 && (!best || hits > best.hits)) best = { id: c.categoryId, hits };
  }
  return best?.id ?? null;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u200b-\u200d\ufeff]+/g, '');
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function insideBoundary(boundary: Boundary | null, point: { latitude: number; longitude: number }): boolean {
  return !boundary || distanceM(boundary, point) <= boundary.radiusM;
}

/** The grid whose centre is nearest to the spot, or null when the village has no grid centres. */
export function nearestGrid(settings: GridSettingsDoc, point: { latitude: number; longitude: number }): string | null {
  let best: { gridId: string; d: number } | null = null;
  for (const [gridId, centre] of Object.entries(settings.gridCentres ?? {})) {
    const d = distanceM(centre, point);
    if (!best || d < best.d) best = { gridId, d };
  }
  return best?.gridId ?? null;
}
