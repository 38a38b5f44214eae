/**
 * A generated township for the day's bill: `villages` villages of `households` households each, built with
 * the demo's own register builder (demo/village.ts villageDocs), deterministic in the seed.
 *
 * The people (say it plainly, it drives the bill): a household has 1–5 members (mean ≈ 2.7); heads born
 * 1938–1992, so about a third of households are headed by someone 65 or older; two in three people born
 * before 1955 have no WeChat (offline, kept by their grid worker), as does everyone under 12. Grids of 50
 * households; one grid worker per grid (an adult of the grid with WeChat), three committee members and a
 * shop keeper, all of them residents too.
 */
import type { Role } from '../../server/kernel/roles';
import type { Doc } from '../../server/kernel/store';
import { villageDocs, type HouseholdSeed, type Member, type VillageSeed } from '../../demo/village';
import type { GridSpec } from '../../server/account/model';
import { seededRandom } from '../support/seeded-random';

export interface Person {
  id: string;
  openid: string | null;
  name: string;
  householdId: string;
  gridId: string;
  elderly: boolean;
  roles: Role[];
}

export interface Village {
  villageId: string;
  name: string;
  grids: string[];
  households: { householdId: string; gridId: string; people: Person[] }[];
  /** people with WeChat */
  online: Person[];
  workers: Person[];
  committee: Person[];
  shopkeeper: Person;
  docs: Doc[];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = ['建国', '秀英', '桂兰', '志强', '玉梅', '德福', '春燕', '海波', '丽华', '长顺', '小梅', '国庆', '红梅', '永年', '淑芬', '大山', '晓燕', '文斌', '凤英', '明亮', '建华', '美玲', '振国', '玉兰', '春生', '海燕', '立新', '秀云', '宇航', '思远', '一鸣', '晓东', '静', '军', '芳', '敏', '磊', '婷', '浩', '丽'];
const VILLAGE_NAMES = ['东岭', '西坪', '南湾', '北坡', '青石', '柳树', '桃园', '杏花', '梨树', '松林', '竹园', '河口', '上庄', '下庄', '中和', '新民', '红旗', '永安', '太平', '长乐', '丰收', '双河', '三岔', '五里'];

/** every run bills the same township */
export const randomFrom = seededRandom;

const GRID_HOUSEHOLDS = 50;

export function generateTownship(villages: number, households: number, year: number, seed = 12): Village[] {
  const rnd = randomFrom(seed);
  const out: Village[] = [];
  for (let vi = 0; vi < villages; vi++) {
    const villageId = `v${String(vi + 1).padStart(2, '0')}`;
    const name = `${VILLAGE_NAMES[vi % VILLAGE_NAMES.length]}${vi >= VILLAGE_NAMES.length ? vi + 1 : ''}村`;
    const gridCount = Math.max(1, Math.ceil(households / GRID_HOUSEHOLDS));
    const grids: GridSpec[] = Array.from({ length: gridCount }, (_, g) => ({ gridId: `${villageId}:g${g + 1}`, name: `第${g + 1}网格` }));
    let nameSeq = 0;
    const nextName = () => {
      const n = nameSeq++;
      return `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}${n >= SURNAMES.length * GIVEN.length ? n : ''}`;
    };
    const seeds: HouseholdSeed[] = [];
    for (let h = 0; h < households; h++) {
      const size = 1 + Math.floor(rnd() * rnd() * 5.6);
      const headBorn = 1938 + Math.floor(rnd() * 55);
      const members: Member[] = [];
      for (let m = 0; m < size; m++) {
        const born = m === 0 ? headBorn : m === 1 ? headBorn + Math.floor(rnd() * 6) - 3 : Math.min(year - 1, headBorn + 22 + Math.floor(rnd() * 14));
        const offline = born < 1955 ? rnd() < 0.66 : year - born < 12;
        members.push(offline ? [nextName(), born, '*'] : [nextName(), born]);
      }
      seeds.push({ key: `h${String(h + 1).padStart(3, '0')}`, grid: Math.floor(h / GRID_HOUSEHOLDS) + 1, address: `${name}${Math.floor(h / GRID_HOUSEHOLDS) + 1}组${(h % GRID_HOUSEHOLDS) + 1}号`, members });
    }
    // roles: one worker per grid, three committee members, a shop keeper — adults with WeChat
    const accounts: VillageSeed['accounts'] = {};
    const taken = new Set<string>();
    const pick = (from: HouseholdSeed[]) => {
      for (const h of from) for (const [n, born, off] of h.members) if (!off && !taken.has(n) && year - born >= 25 && year - born < 65) return (taken.add(n), n);
      return null;
    };
    for (let g = 1; g <= gridCount; g++) {
      const n = pick(seeds.filter((s) => s.grid === g));
      if (n) accounts[n] = { openid: `${villageId}-worker-${g}`, roles: ['resident', 'grid_worker'], gridIds: [`${villageId}:g${g}`] };
    }
    for (let c = 1; c <= 3; c++) {
      const n = pick(seeds.slice(c * 7));
      if (n) accounts[n] = { openid: `${villageId}-committee-${c}`, roles: ['resident', 'committee'] };
    }
    const keeper = pick(seeds.slice(11));
    if (keeper) accounts[keeper] = { openid: `${villageId}-shop`, roles: ['resident', 'shopkeeper'] };

    const docs = villageDocs({ villageId, name, grids, households: seeds, accounts, pending: [] }, Date.UTC(year, 2, 1));
    const people: Person[] = docs
      .filter((d) => d.kind === 'person')
      .map((d) => ({ id: d._id, openid: (d.openid as string | null) ?? null, name: d.name as string, householdId: d.householdId as string, gridId: d.gridId as string, elderly: !!d.elderly, roles: d.roles as Role[] }));
    const byHousehold = new Map<string, Person[]>();
    for (const p of people) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
    const hh = docs.filter((d) => d.kind === 'household').map((d) => ({ householdId: d._id, gridId: d.gridId as string, people: byHousehold.get(d._id) ?? [] }));
    const online = people.filter((p) => p.openid);
    out.push({
      villageId,
      name,
      grids: grids.map((g) => g.gridId),
      households: hh,
      online,
      workers: online.filter((p) => p.roles.includes('grid_worker')),
      committee: online.filter((p) => p.roles.includes('committee')),
      shopkeeper: online.find((p) => p.roles.includes('shopkeeper')) ?? online[0],
      docs,
    });
  }
  return out;
}
