/**
 * The dev login's personas (the emulator adds "新访客" — a fresh openid with no village — itself).
 * Each maps to a demo openid seeded by demo/seed.ts.
 */
import type { Persona } from '../emulator';
import { DEMO_OPENIDS } from './village';

export type { Persona };

export const personas: Persona[] = [
  {
    id: 'resident',
    label: '普通村民',
    openid: DEMO_OPENIDS.resident,
    description: '王小梅，青石村第一网格东头组1号，常年在外务工，用手机参与村里事务',
  },
  {
    id: 'elder',
    label: '长辈村民（长辈模式）',
    openid: DEMO_OPENIDS.elder,
    description: '李桂兰，74岁，青石村第一网格东头组3号，字大、对比强、可朗读',
    elderMode: true,
  },
  {
    id: 'grid_worker',
    label: '网格员',
    openid: DEMO_OPENIDS.gridWorker,
    description: '张建军，青石村第一、第二网格的网格员，替不用微信的老人代办',
  },
  {
    id: 'committee',
    label: '村委委员',
    openid: DEMO_OPENIDS.committee,
    description: '陈国强，青石村村委委员：审核入村申请、发邀请码、任命网格员',
  },
  {
    id: 'shopkeeper',
    label: '小卖部店主',
    openid: 'demo-qingshi-h11-22',
    description: '林大山，青石村西头组6号，开村口小卖部，管积分超市的上架和提货码核销',
  },
  {
    id: 'township',
    label: '乡镇干部',
    openid: DEMO_OPENIDS.township,
    description: '刘文华，河湾镇干部，查看青石村、柳树村两个村的概况',
  },
  {
    id: 'other_village',
    label: '柳树村村民（隔离演示）',
    openid: DEMO_OPENIDS.otherVillager,
    description: '段敏，另一个村的村民：看不到也改不了青石村的任何数据',
  },
];
