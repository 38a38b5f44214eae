/**
 * The demo township: 河湾镇 over two villages — 青石村 (the demo village: 4 grids, 32 households,
 * elderly and offline residents, grid workers, committee) and 柳树村 (a second, smaller village that
 * exists so isolation can be seen and tested: nobody of 青石村 may read or change it).
 * Pure data, built deterministically from `now`: the same call always yields the same documents.
 */
import { memberIdOf } from '../server/kernel/auth';
import type { Role } from '../server/kernel/roles';
import type { Doc } from '../server/kernel/store';
import { groupDocId, householdDocId, inviteDocId, offlineDocId, villageDocId, type GridSpec } from '../server/account/model';

export const DEMO_TOWNSHIP = { townshipId: 'hewan', name: '河湾镇' };
export const DEMO_VILLAGE = { villageId: 'qingshi', name: '青石村' };
export const OTHER_VILLAGE = { villageId: 'liushu', name: '柳树村' };
/** printed by npm start and named in the README: a newcomer joins 青石村 with it */
export const DEMO_INVITE_CODE = 'QS2025';
/** a share card opened in the emulator with cloudID `dev-opengid:<this>` comes from 青石村's bound group */
export const DEMO_GROUP_OPENGID = 'demo-group-qingshi';

/** The openids behind the personas of the dev login. */
export const DEMO_OPENIDS = {
  resident: 'demo-resident',
  elder: 'demo-elder',
  gridWorker: 'demo-gridworker',
  committee: 'demo-committee',
  township: 'demo-township',
  otherVillager: 'demo-liushu-villager',
  otherCommittee: 'demo-liushu-committee',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

const QINGSHI_GRIDS: GridSpec[] = [
  { gridId: 'qingshi:g1', name: '第一网格（东头）' },
  { gridId: 'qingshi:g2', name: '第二网格（西头）' },
  { gridId: 'qingshi:g3', name: '第三网格（河滨）' },
  { gridId: 'qingshi:g4', name: '第四网格（新村）' },
];
const LIUSHU_GRIDS: GridSpec[] = [
  { gridId: 'liushu:g1', name: '第一网格（上庄）' },
  { gridId: 'liushu:g2', name: '第二网格（下庄）' },
];

/** [head of household, other members…]: name, birth year; '*' = no WeChat (offline, kept by the grid worker) */
export type Member = [name: string, birthYear: number, offline?: '*'];
export interface HouseholdSeed {
  key: string;
  grid: number;
  address: string;
  members: Member[];
}

const QINGSHI_HOUSEHOLDS: HouseholdSeed[] = [
  // 第一网格（东头）
  { key: 'h01', grid: 1, address: '青石村东头组1号', members: [['王德福', 1948, '*'], ['王小梅', 1986], ['王浩', 2010]] },
  { key: 'h02', grid: 1, address: '青石村东头组3号', members: [['李桂兰', 1951], ['赵长顺', 1949, '*']] },
  { key: 'h03', grid: 1, address: '青石村东头组5号', members: [['张建军', 1979], ['刘春燕', 1981]] },
  { key: 'h04', grid: 1, address: '青石村东头组8号', members: [['陈国强', 1972], ['周玉珍', 1974], ['陈思远', 1999]] },
  { key: 'h05', grid: 1, address: '青石村东头组11号', members: [['杨秀英', 1943, '*']] },
  { key: 'h06', grid: 1, address: '青石村东头组12号', members: [['黄志刚', 1968], ['吴丽华', 1970]] },
  { key: 'h07', grid: 1, address: '青石村东头组15号', members: [['孙富贵', 1955, '*'], ['孙丽', 1983]] },
  { key: 'h08', grid: 1, address: '青石村东头组18号', members: [['马金花', 1946, '*'], ['马卫东', 1975]] },
  // 第二网格（西头）
  { key: 'h09', grid: 2, address: '青石村西头组2号', members: [['朱永年', 1950, '*'], ['朱红梅', 1978]] },
  { key: 'h10', grid: 2, address: '青石村西头组4号', members: [['胡学文', 1965], ['郭淑芬', 1967]] },
  { key: 'h11', grid: 2, address: '青石村西头组6号', members: [['林大山', 1958], ['林小燕', 1990]] },
  { key: 'h12', grid: 2, address: '青石村西头组9号', members: [['何秀珍', 1941, '*']] },
  { key: 'h13', grid: 2, address: '青石村西头组10号', members: [['高建华', 1976], ['罗美玲', 1979], ['高宇航', 2006]] },
  { key: 'h14', grid: 2, address: '青石村西头组13号', members: [['梁振国', 1953, '*'], ['梁晓东', 1982]] },
  { key: 'h15', grid: 2, address: '青石村西头组16号', members: [['宋玉兰', 1949], ['宋春生', 1974]] },
  { key: 'h16', grid: 2, address: '青石村西头组20号', members: [['郑海波', 1984], ['谢婷', 1987]] },
  // 第三网格（河滨）
  { key: 'h17', grid: 3, address: '青石村河滨组1号', members: [['韩德明', 1947, '*'], ['韩桂芝', 1950, '*']] },
  { key: 'h18', grid: 3, address: '青石村河滨组3号', members: [['唐志勇', 1971], ['冯小红', 1973]] },
  { key: 'h19', grid: 3, address: '青石村河滨组5号', members: [['许长林', 1960], ['许静', 1989]] },
  { key: 'h20', grid: 3, address: '青石村河滨组7号', members: [['邓凤英', 1944, '*']] },
  { key: 'h21', grid: 3, address: '青石村河滨组9号', members: [['曹国庆', 1969], ['彭秀梅', 1971]] },
  { key: 'h22', grid: 3, address: '青石村河滨组12号', members: [['曾宪文', 1957], ['曾丽娟', 1985]] },
  { key: 'h23', grid: 3, address: '青石村河滨组14号', members: [['肖福生', 1952, '*'], ['肖军', 1980]] },
  { key: 'h24', grid: 3, address: '青石村河滨组17号', members: [['田秀云', 1963], ['田野', 1992]] },
  // 第四网格（新村）
  { key: 'h25', grid: 4, address: '青石村新村路2号', members: [['董建平', 1980], ['袁芳', 1982], ['董一鸣', 2012]] },
  { key: 'h26', grid: 4, address: '青石村新村路4号', members: [['潘志强', 1977], ['蒋丽', 1979]] },
  { key: 'h27', grid: 4, address: '青石村新村路6号', members: [['蔡玉梅', 1945, '*'], ['蔡明', 1976]] },
  { key: 'h28', grid: 4, address: '青石村新村路8号', members: [['余国华', 1966], ['杜小琴', 1968]] },
  { key: 'h29', grid: 4, address: '青石村新村路10号', members: [['叶青山', 1954, '*']] },
  { key: 'h30', grid: 4, address: '青石村新村路12号', members: [['程立新', 1983], ['苏晓燕', 1985]] },
  { key: 'h31', grid: 4, address: '青石村新村路15号', members: [['魏长江', 1959], ['魏红', 1988]] },
  { key: 'h32', grid: 4, address: '青石村新村路18号', members: [['吕秀兰', 1942, '*'], ['吕建国', 1970]] },
];

const LIUSHU_HOUSEHOLDS: HouseholdSeed[] = [
  { key: 'h01', grid: 1, address: '柳树村上庄1号', members: [['秦大海', 1970], ['秦小兰', 1995]] },
  { key: 'h02', grid: 1, address: '柳树村上庄4号', members: [['钟桂香', 1947, '*']] },
  { key: 'h03', grid: 1, address: '柳树村上庄7号', members: [['段福林', 1962], ['段敏', 1990]] },
  { key: 'h04', grid: 2, address: '柳树村下庄2号', members: [['范文斌', 1975], ['石玉霞', 1977]] },
  { key: 'h05', grid: 2, address: '柳树村下庄5号', members: [['姚长寿', 1944, '*'], ['姚丽萍', 1980]] },
  { key: 'h06', grid: 2, address: '柳树村下庄9号', members: [['江海燕', 1986]] },
];

/** Residents with a WeChat account behind a persona (name → openid and roles). */
const QINGSHI_ACCOUNTS: Record<string, { openid: string; roles: Role[]; gridIds?: string[] }> = {
  王小梅: { openid: DEMO_OPENIDS.resident, roles: ['resident'] },
  李桂兰: { openid: DEMO_OPENIDS.elder, roles: ['resident'] },
  张建军: { openid: DEMO_OPENIDS.gridWorker, roles: ['resident', 'grid_worker'], gridIds: ['qingshi:g1', 'qingshi:g2'] },
  陈国强: { openid: DEMO_OPENIDS.committee, roles: ['resident', 'committee'] },
  高建华: { openid: 'demo-qingshi-gridworker-2', roles: ['resident', 'grid_worker'], gridIds: ['qingshi:g3', 'qingshi:g4'] },
  胡学文: { openid: 'demo-qingshi-committee-2', roles: ['resident', 'committee'] },
};
const LIUSHU_ACCOUNTS: Record<string, { openid: string; roles: Role[]; gridIds?: string[] }> = {
  秦大海: { openid: DEMO_OPENIDS.otherCommittee, roles: ['resident', 'committee'] },
  段敏: { openid: DEMO_OPENIDS.otherVillager, roles: ['resident'] },
  范文斌: { openid: 'demo-liushu-gridworker', roles: ['resident', 'grid_worker'], gridIds: ['liushu:g1', 'liushu:g2'] },
};

/** People waiting for the committee (so the approval screen has something to show). */
const QINGSHI_PENDING = [
  { openid: 'demo-applicant-1', name: '赵小川', householdHint: '赵长顺家（外孙）', address: '青石村东头组3号', phone: '13800001111' },
  { openid: 'demo-applicant-2', name: '周明亮', householdHint: '新搬来，暂无户', address: '青石村新村路21号', phone: null },
];

/** elderly = 65 or older in the demo year */
const isElderly = (birthYear: number, now: number) => new Date(now).getFullYear() - birthYear >= 65;

function phoneFor(seed: number): string {
  return `139${String(10_000_000 + ((seed * 7919) % 89_999_999)).padStart(8, '0')}`;
}

export interface VillageSeed {
  villageId: string;
  name: string;
  grids: GridSpec[];
  households: HouseholdSeed[];
  accounts: Record<string, { openid: string; roles: Role[]; gridIds?: string[] }>;
  pending: typeof QINGSHI_PENDING;
  invite?: { code: string; maxUses: number; days: number };
  group?: { openGId: string; name: string };
}

export function villageDocs(v: VillageSeed, now: number): Doc[] {
  const base = { villageId: v.villageId, villageName: v.name, townshipId: DEMO_TOWNSHIP.townshipId, townshipName: DEMO_TOWNSHIP.name };
  const docs: Doc[] = [];
  const created = now - 90 * DAY_MS;
  docs.push({ _id: villageDocId(v.villageId), kind: 'village', villageId: v.villageId, name: v.name, townshipId: DEMO_TOWNSHIP.townshipId, townshipName: DEMO_TOWNSHIP.name, grids: v.grids, createdAt: created });

  const workerOf = (gridId: string) =>
    Object.entries(v.accounts).find(([, a]) => a.roles.includes('grid_worker') && a.gridIds?.includes(gridId))?.[1].openid;
  const committee = Object.values(v.accounts).find((a) => a.roles.includes('committee'))!;

  let seq = 0;
  for (const h of v.households) {
    const gridId = v.grids[h.grid - 1].gridId;
    const householdId = householdDocId(v.villageId, h.key);
    docs.push({ _id: householdId, kind: 'household', villageId: v.villageId, gridId, headName: h.members[0][0], address: h.address, note: '', createdAt: created + seq, createdBy: memberIdOf(v.villageId, committee.openid) });
    for (const [name, birthYear, offline] of h.members) {
      seq += 1;
      const isOffline = offline === '*';
      // everyone not marked '*' uses WeChat and has joined; personas get their fixed openids
      const account = isOffline ? undefined : v.accounts[name] ?? { openid: `demo-${v.villageId}-${h.key}-${seq}`, roles: ['resident'] as Role[] };
      const worker = workerOf(gridId);
      const id = account ? memberIdOf(v.villageId, account.openid) : offlineDocId(v.villageId, `${h.key}-${seq}`);
      docs.push({
        _id: id,
        kind: 'person',
        ...base,
        openid: account ? account.openid : null,
        offline: !account,
        managedBy: account ? null : memberIdOf(v.villageId, worker ?? committee.openid),
        status: 'active',
        roles: account ? account.roles : ['resident'],
        gridIds: account?.gridIds ?? [],
        name,
        phone: !account && birthYear < 1950 ? null : phoneFor(seq + (v.villageId === 'qingshi' ? 0 : 500)),
        birthYear,
        elderly: isElderly(birthYear, now),
        note: !account && isElderly(birthYear, now) ? '不用微信，由网格员代办' : '',
        address: h.address,
        householdHint: '',
        householdId,
        gridId,
        via: account ? 'seed' : 'offline',
        inviteId: null,
        appliedAt: created + seq,
        createdAt: created + seq,
        updatedAt: created + seq,
        reviewedBy: memberIdOf(v.villageId, committee.openid),
        reviewedAt: created + seq,
        rejectReason: null,
      });
    }
  }

  for (const [i, p] of v.pending.entries()) {
    docs.push({
      _id: memberIdOf(v.villageId, p.openid),
      kind: 'person',
      ...base,
      openid: p.openid,
      offline: false,
      managedBy: null,
      status: 'pending',
      roles: [],
      gridIds: [],
      name: p.name,
      phone: p.phone,
      birthYear: null,
      elderly: false,
      note: '',
      address: p.address,
      householdHint: p.householdHint,
      householdId: null,
      gridId: null,
      via: 'invite',
      inviteId: v.invite ? inviteDocId(v.invite.code) : null,
      appliedAt: now - (i + 1) * 3600_000,
      createdAt: now - (i + 1) * 3600_000,
      updatedAt: now - (i + 1) * 3600_000,
      reviewedBy: null,
      reviewedAt: null,
      rejectReason: null,
    });
  }

  if (v.invite) {
    docs.push({
      _id: inviteDocId(v.invite.code),
      kind: 'invite',
      ...base,
      code: v.invite.code,
      status: 'active',
      expiresAt: now + v.invite.days * DAY_MS,
      maxUses: v.invite.maxUses,
      note: '演示邀请码',
      createdAt: now - DAY_MS,
      createdBy: memberIdOf(v.villageId, committee.openid),
      createdByName: Object.entries(v.accounts).find(([, a]) => a === committee)![0],
    });
  }
  if (v.group) {
    docs.push({ _id: groupDocId(v.group.openGId), kind: 'group', ...base, openGId: v.group.openGId, groupName: v.group.name, boundAt: now - DAY_MS, boundBy: memberIdOf(v.villageId, committee.openid) });
  }
  return docs;
}

/** Township staff get an entry in each village of their township (role `township`, not a resident). */
function townshipDocs(now: number): Doc[] {
  return [DEMO_VILLAGE, OTHER_VILLAGE].map((v) => ({
    _id: memberIdOf(v.villageId, DEMO_OPENIDS.township),
    kind: 'person',
    villageId: v.villageId,
    villageName: v.name,
    townshipId: DEMO_TOWNSHIP.townshipId,
    townshipName: DEMO_TOWNSHIP.name,
    openid: DEMO_OPENIDS.township,
    offline: false,
    managedBy: null,
    status: 'active',
    roles: ['township'],
    gridIds: [],
    name: '刘文华',
    phone: '13700002222',
    birthYear: 1978,
    elderly: false,
    note: '河湾镇党政办',
    address: '河湾镇人民政府',
    householdHint: '',
    householdId: null,
    gridId: null,
    via: 'seed',
    inviteId: null,
    appliedAt: now - 90 * DAY_MS,
    createdAt: now - 90 * DAY_MS,
    updatedAt: now - 90 * DAY_MS,
    reviewedBy: null,
    reviewedAt: null,
    rejectReason: null,
  }));
}

/** Every register document of the demo, deterministic in `now`. */
export function demoRegister(now: number): Doc[] {
  return [
    ...villageDocs(
      {
        ...DEMO_VILLAGE,
        grids: QINGSHI_GRIDS,
        households: QINGSHI_HOUSEHOLDS,
        accounts: QINGSHI_ACCOUNTS,
        pending: QINGSHI_PENDING,
        invite: { code: DEMO_INVITE_CODE, maxUses: 200, days: 365 },
        group: { openGId: DEMO_GROUP_OPENGID, name: '青石村村民群' },
      },
      now,
    ),
    ...villageDocs({ ...OTHER_VILLAGE, grids: LIUSHU_GRIDS, households: LIUSHU_HOUSEHOLDS, accounts: LIUSHU_ACCOUNTS, pending: [], invite: { code: 'LS2025', maxUses: 100, days: 365 } }, now),
    ...townshipDocs(now),
  ];
}

/** A few audit records so the committee's trail is not empty on day one. */
export function demoAudit(now: number): Doc[] {
  return [DEMO_VILLAGE, OTHER_VILLAGE].map((v) => ({
    _id: `${villageDocId(v.villageId)}#demo-seed`,
    villageId: v.villageId,
    at: now - 90 * DAY_MS,
    action: 'seedDemo',
    actorId: 'system',
    actorName: '系统',
    onBehalfOf: null,
    targetId: villageDocId(v.villageId),
    summary: `初始化演示村庄 ${v.name}（网格、住户、居民）`,
    details: {},
    requestId: 'demo-seed',
  }));
}
