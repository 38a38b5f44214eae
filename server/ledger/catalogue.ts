/**
 * The default rule catalogue a village starts from (edited by its committee afterwards), drawn from the
 * 积分制 / 道德银行 rules villages publish: 孝老爱亲, 环境卫生, 志愿服务, 移风易俗, 遵纪守法, 参与治理.
 * Deductions (负分) are filed by the committee and go through 公示 like any claim.
 */
import type { EventType, Period } from './contract';
import type { BookDoc, RuleDoc } from './model';
import { bookIdOf } from './model';

export const DEFAULT_CATEGORIES = ['孝老爱亲', '环境卫生', '志愿服务', '移风易俗', '遵纪守法', '参与治理'];

type Seed = [ruleId: string, category: string, name: string, points: number, period: Period, limit: number | null, source: 'claim' | EventType, note?: string];

const DEFAULT_RULES: Seed[] = [
  ['r01', '孝老爱亲', '照顾孤寡、空巢老人（每次）', 5, 'month', 4, 'claim', '需网格员或邻居证明'],
  ['r02', '孝老爱亲', '评为“好媳妇”“好儿女”', 20, 'year', 1, 'claim'],
  ['r03', '环境卫生', '庭院整洁评比达标', 3, 'month', 1, 'claim'],
  ['r04', '环境卫生', '参加村庄环境整治', 3, 'month', 4, 'claim'],
  ['r05', '志愿服务', '参加志愿服务（半天）', 5, 'month', 4, 'claim', '附照片'],
  ['r06', '志愿服务', '防汛、防火等应急值守', 8, 'quarter', 3, 'claim'],
  ['r07', '移风易俗', '红白事简办、不大操大办', 10, 'year', 2, 'claim'],
  ['r08', '遵纪守法', '调解邻里纠纷成功', 5, 'quarter', 2, 'claim'],
  ['r09', '遵纪守法', '乱倒垃圾、乱堆乱放（扣分）', -3, 'month', null, 'claim', '由村委登记，经公示后扣分'],
  ['r10', '遵纪守法', '违规焚烧秸秆（扣分）', -10, 'year', null, 'claim', '由村委登记，经公示后扣分'],
  ['r11', '参与治理', '反映的问题确认解决', 2, 'month', 5, 'ticket_confirmed', '网格工单由反映人确认解决后自动记分'],
  ['r12', '参与治理', '提供线索查证属实', 3, 'month', 5, 'lead_confirmed', '巡群线索查证属实后自动记分'],
  ['r13', '参与治理', '参加村务表决', 1, 'month', 10, 'poll_participated', '参与一次协商议事表决自动记分'],
];

export function defaultRules(now: number, by: string): Record<string, RuleDoc> {
  return Object.fromEntries(
    DEFAULT_RULES.map(([ruleId, category, name, points, period, limit, source, note]) => [
      ruleId,
      // event rules start switched off: the village switches on what it wants
      { ruleId, category, name, points, period, limit, source, enabled: source === 'claim', note: note ?? '', version: 1, updatedAt: now, updatedBy: by },
    ]),
  );
}

export function eventTypesOf(rules: Record<string, RuleDoc>): EventType[] {
  return [...new Set(Object.values(rules).filter((r) => r.enabled && r.source !== 'claim').map((r) => r.source as EventType))].sort();
}

export function newBook(villageId: string, villageName: string, now: number, by: string): BookDoc {
  const rules = defaultRules(now, by);
  return {
    _id: bookIdOf(villageId),
    kind: 'book',
    villageId,
    villageName,
    version: 1,
    categories: DEFAULT_CATEGORIES,
    rules,
    settings: { publicNoticeDays: 3, yearEnd: 'carry_over' },
    eventTypes: eventTypesOf(rules),
    settledYears: [],
    createdAt: now,
  };
}
