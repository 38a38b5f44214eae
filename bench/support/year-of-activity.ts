/**
 * A year of activity in 青石村 for the 成效看板 bench — a documented generator, not hand-made rows.
 *
 * Writing 20,000 audit records through the functions would take the bench minutes of invocations whose cost is
 * not what is measured (the dashboard's read is). So this writes, through wx-server-sdk like the demo seed,
 * documents in the shapes the functions write (server/grid/model.ts TicketDoc, server/patrol/model.ts
 * MessageDoc, server/deliberation/model.ts TopicDoc, server/ledger/model.ts AccountDoc, kernel/audit.ts
 * AuditRecord), from a seeded pseudo-random sequence (the same data on every run):
 * - 268 more households (300 with the demo's 32) in the four grids, 1–3 people each, one in ten offline
 *   (kept by the grid worker); 第四网格 takes part less (a lagging grid to find);
 * - 1,000 tickets over the year: categories, deadlines, fixes with their days, ratings, reopenings, some
 *   still open and overdue, some closed unfixed;
 * - 600 patrol leads with their first review time, 30 fraud warnings;
 * - 80 topics, 50 of them with counted polls (roll, ballots) and decisions with follow-ups;
 * - a 道德银行 account per household with its claim, event and redemption entries (one document each);
 * - ≥ 20,000 audit records: the participation actions (reports, supports, confirmations, posts, votes,
 *   claims, redemptions — an offline resident's through the grid worker, onBehalfOf) and the officials' work
 *   (accepting, resolving, reviewing), at their times over the year.
 */
import { createSdkStore, type SdkDb } from '../../server/kernel/sdk-store';
import type { Doc } from '../../server/kernel/store';
import { seededRandom } from './seeded-random';

const V = 'qingshi';
const DAY = 24 * 3600_000;
const GRIDS = [
  { gridId: 'qingshi:g1', name: '第一网格（东头）' },
  { gridId: 'qingshi:g2', name: '第二网格（西头）' },
  { gridId: 'qingshi:g3', name: '第三网格（河滨）' },
  { gridId: 'qingshi:g4', name: '第四网格（新村）' },
];
const CATEGORIES = [
  ['road', '道路交通'],
  ['sanitation', '环境卫生'],
  ['water_power', '水电设施'],
  ['dispute', '邻里纠纷'],
  ['unsafe_house', '危房隐患'],
  ['other', '其他'],
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '德福小梅建军国强桂兰秀英志刚丽华春燕玉珍长顺思远学文建华大山';
const WORKER = { id: `${V}:u:demo-gridworker`, name: '张建军' };
const COMMITTEE = { id: `${V}:u:demo-committee`, name: '陈国强' };

export interface YearOfActivity {
  households: number;
  audit: number;
  tickets: number;
  polls: number;
  leads: number;
}

const random = seededRandom;

export async function generateYear(db: SdkDb, now: number): Promise<YearOfActivity> {
  const store = createSdkStore(db);
  const rnd = random(20260101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const name = () => `${pick([...SURNAMES])}${pick([...GIVEN])}${rnd() < 0.5 ? pick([...GIVEN]) : ''}`;
  const yearAgo = now - 360 * DAY;
  const at = () => Math.floor(yearAgo + rnd() * (now - yearAgo - DAY));

  // ── households and people ──
  const register: Doc[] = [];
  type Person = { id: string; name: string; householdId: string; gridId: string; offline: boolean; active: boolean };
  const people: Person[] = [];
  for (let i = 0; i < 268; i++) {
    const grid = GRIDS[i % 4];
    const householdId = `${V}:h:gen${i}`;
    const head = name();
    register.push({ _id: householdId, kind: 'household', villageId: V, gridId: grid.gridId, headName: head, address: `青石村新户${i + 1}号`, note: '', createdAt: yearAgo - DAY, createdBy: COMMITTEE.id });
    // 第四网格 takes part less: a lagging grid the dashboard must show
    const active = rnd() < (grid.gridId.endsWith('g4') ? 0.35 : 0.85);
    const size = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < size; k++) {
      const offline = rnd() < 0.1;
      const id = offline ? `${V}:off:gen${i}-${k}` : `${V}:u:gen-${i}-${k}`;
      const n = k === 0 ? head : name();
      people.push({ id, name: n, householdId, gridId: grid.gridId, offline, active });
      register.push({
        _id: id,
        kind: 'person',
        villageId: V,
        villageName: '青石村',
        townshipId: 'hewan',
        townshipName: '河湾镇',
        openid: offline ? null : `gen-${i}-${k}`,
        status: 'active',
        roles: ['resident'],
        gridIds: [],
        name: n,
        householdId,
        gridId: grid.gridId,
        offline,
        elderly: offline,
        phone: null,
        managedBy: offline ? WORKER.id : null,
        via: 'seed',
        createdAt: yearAgo - DAY,
        updatedAt: yearAgo - DAY,
      });
    }
  }
  const actives = people.filter((p) => p.active);
  const audit: Doc[] = [];
  let n = 0;
  const record = (when: number, action: string, actor: { id: string; name: string }, targetId: string, summary: string, onBehalfOf: string | null = null) => {
    n += 1;
    audit.push({ _id: `${targetId}#gen-${n}`, villageId: V, at: when, action, actorId: actor.id, actorName: actor.name, onBehalfOf, targetId, summary, details: {}, notify: [], event: null, requestId: `gen-${n}` });
  };
  /** a resident's own action, or the grid worker's for an offline resident (代办) */
  const takePart = (p: Person, when: number, action: string, targetId: string, summary: string) =>
    p.offline ? record(when, action, WORKER, targetId, `${WORKER.name} 代 ${p.name} ${summary}`, p.id) : record(when, action, p, targetId, `${p.name} ${summary}`);

  // ── tickets ──
  const tickets: Doc[] = [];
  for (let i = 0; i < 1000; i++) {
    const reporter = pick(actives);
    const [categoryId, categoryName] = pick(CATEGORIES);
    const createdAt = at();
    const id = `${V}:t:gen${i}`;
    const roll = rnd();
    const resolveWithinMs = 7 * DAY;
    const fixedAt = createdAt + Math.floor((0.2 + rnd() * 9) * DAY);
    const fixed = roll < 0.78 && fixedAt < now;
    const closedUnfixed = !fixed && roll < 0.86;
    const status = fixed ? (rnd() < 0.7 ? 'confirmed' : 'resolved_unconfirmed') : closedUnfixed ? pick(['rejected', 'closed_unresolved']) : pick(['submitted', 'accepted', 'in_progress', 'reopened']);
    const bucket = fixed ? 'fixed' : closedUnfixed ? 'closed' : 'open';
    const rated = status === 'confirmed';
    const reopenCount = rnd() < 0.08 ? 1 : 0;
    const gridName = GRIDS.find((g) => g.gridId === reporter.gridId)!.name;
    tickets.push({
      _id: id,
      kind: 'ticket',
      villageId: V,
      townshipId: 'hewan',
      status,
      bucket,
      categoryId,
      categoryName,
      acceptWithinMs: DAY,
      resolveWithinMs,
      gridId: reporter.gridId,
      gridName,
      route: 'grid_worker',
      assigneeId: WORKER.id,
      assigneeName: WORKER.name,
      reporterId: reporter.id,
      reporterName: reporter.name,
      reporterOffline: reporter.offline,
      reporterHouseholdId: reporter.householdId,
      reportedById: reporter.offline ? WORKER.id : null,
      reportedBy: null,
      text: `${categoryName}问题：${gridName}第${i + 1}处需要处理`,
      voice: null,
      photos: [],
      place: null,
      source: null,
      privateNames: [reporter.name],
      createdAt,
      updatedAt: fixed ? fixedAt : createdAt,
      ...(bucket === 'open' ? { dueAt: createdAt + resolveWithinMs } : {}),
      dueKind: bucket === 'open' ? 'resolve' : null,
      reminded: false,
      escalation: 0,
      escalatedAt: null,
      resolution: fixed ? { note: '已处理', photos: [], byId: WORKER.id, byName: WORKER.name, at: fixedAt } : null,
      rejection: null,
      duplicateOf: null,
      rating: rated ? { stars: 2 + Math.floor(rnd() * 4), comment: '', byId: reporter.id, onBehalf: reporter.offline, at: fixedAt + DAY / 2 } : null,
      closedAt: fixed ? (rated ? fixedAt + DAY / 2 : null) : closedUnfixed ? createdAt + 2 * DAY : null,
      reopenCount,
      supporterIds: [],
      supporters: 0,
      consents: [],
    });
    takePart(reporter, createdAt, 'submitReport', id, `上报${categoryName}问题`);
    record(createdAt + DAY / 4, 'acceptTicket', WORKER, id, `${WORKER.name} 受理了问题`);
    if (fixed) record(fixedAt, 'resolveTicket', WORKER, id, `${WORKER.name} 办结了问题`);
    if (rated) takePart(reporter, fixedAt + DAY / 2, 'confirmTicket', id, '确认问题已解决');
    for (let s = 0; s < 2; s++) takePart(pick(actives), createdAt + DAY, 'supportTicket', id, '附议了问题');
  }

  // ── patrol: leads and warnings ──
  const messages: Doc[] = [];
  for (let i = 0; i < 600; i++) {
    const author = pick(actives);
    const leadAt = at();
    const id = `${V}:m:gen${i}`;
    const reviewed = rnd() < 0.92;
    const warned = i < 30;
    messages.push({
      _id: id,
      kind: 'message',
      villageId: V,
      board: true,
      threadId: null,
      authorId: author.id,
      authorName: author.name,
      householdId: author.householdId,
      gridId: author.gridId,
      text: warned ? '有人冒充镇里干部打电话要验证码' : '村口路灯坏了好几天',
      photos: [],
      voice: null,
      postedAt: leadAt,
      createdAt: leadAt,
      visibility: 'shown',
      needsReview: !reviewed,
      firstReviewAt: reviewed ? leadAt + Math.floor(rnd() * 30 * 3600_000) : null,
      leadId: id,
      leadStatus: warned ? 'warned' : reviewed ? 'dismissed' : 'open',
      leadAt,
      priority: 50,
      handledAt: reviewed ? leadAt + DAY : null,
      warningText: warned ? '防骗提醒：镇里干部不会电话索要验证码' : null,
      warningPinned: warned,
      warnedAt: warned ? leadAt + DAY : null,
    });
    takePart(author, leadAt, 'createPost', id, '在村里群发了帖子');
    if (reviewed) record(leadAt + DAY, 'dismissLead', WORKER, id, `${WORKER.name} 处理了线索`);
  }

  // ── deliberation: topics, polls (rolls of households), decisions ──
  const topics: Doc[] = [];
  let polls = 0;
  for (let i = 0; i < 80; i++) {
    const proposer = pick(actives);
    const createdAt = at();
    const id = `${V}:t:gen${i}`;
    const withPoll = i < 50;
    const closedAt = Math.min(createdAt + 10 * DAY, now - DAY);
    const rollSize = 300;
    const voters = withPoll ? actives.filter(() => rnd() < 0.45) : [];
    const decided = withPoll || rnd() < 0.5;
    const actions = decided ? [0, 1, 2].slice(0, 1 + Math.floor(rnd() * 3)).map((k) => ({ id: `a${k}`, text: `落实第${k + 1}项`, ticketId: null, done: rnd() < 0.6, doneAt: null })) : [];
    topics.push({
      _id: id,
      kind: 'topic',
      villageId: V,
      title: `议题${i + 1}：${pick(['修缮村道', '安装路灯', '垃圾分类', '村规民约修订', '集体收益分配'])}`,
      body: '',
      proposerId: proposer.id,
      proposerName: proposer.name,
      byCommittee: false,
      state: decided ? 'decided' : 'seconding',
      secondsNeeded: 5,
      secondCount: 5,
      seconders: [],
      poll: withPoll ? { state: 'counted', question: '是否同意', secret: true, opensAt: createdAt + 3 * DAY, closesAt: closedAt, openedAt: createdAt + 3 * DAY, closedAt, rollSize, nBallots: voters.length } : null,
      outcome: decided ? { decision: '通过', actions, recordedBy: COMMITTEE.id, recordedByName: COMMITTEE.name, recordedAt: closedAt + DAY / 2 } : null,
      createdAt,
      updatedAt: closedAt,
    });
    if (withPoll) polls += 1;
    takePart(proposer, createdAt, 'proposeTopic', id, '提出了议题');
    for (let s = 0; s < 5; s++) takePart(pick(actives), createdAt + DAY, 'secondTopic', id, '附议了议题');
    for (const voter of voters) takePart(voter, createdAt + 4 * DAY, 'castVote', id, '参与表决');
  }

  // ── 道德银行: one account per household, its entries (one document each) over the year ──
  const accounts: Doc[] = [];
  const byHousehold = new Map<string, Person[]>();
  for (const p of people) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
  for (const [householdId, members] of byHousehold) {
    const active = members[0].active;
    const count = active ? 4 + Math.floor(rnd() * 8) : Math.floor(rnd() * 2);
    const times = Array.from({ length: count }, () => at()).sort((a, b) => a - b);
    const householdName = `${members[0].name}户`;
    let balance = 0;
    times.forEach((when, k) => {
      const redeem = balance > 20 && rnd() < 0.3;
      const amount = redeem ? -10 : 5 + Math.floor(rnd() * 10);
      balance += amount;
      const kind = redeem ? 'redeem' : rnd() < 0.5 ? 'claim' : 'event';
      const entryId = `${kind}:gen${k}`;
      accounts.push({ _id: `${householdId}:e:gen${k}`, kind: 'entry', villageId: V, householdId, householdName, gridId: members[0].gridId, entryId, seq: k + 1, at: when, amount, entryKind: kind, counter: redeem ? `${V}:shop` : `${V}:issuer`, ruleId: null, ruleName: redeem ? null : '志愿服务', ruleVersion: null, category: null, source: kind, memo: redeem ? '兑换' : '', balanceAfter: balance, actorId: COMMITTEE.id });
      const member = pick(members);
      if (kind === 'claim') takePart(member, when - DAY, 'submitClaim', `${householdId}:acct`, '申报了积分');
      if (kind === 'redeem') takePart(member, when, 'redeem', `${householdId}:acct`, '兑换了商品');
    });
    accounts.push({ _id: `${householdId}:acct`, kind: 'account', villageId: V, householdId, householdName, gridId: members[0].gridId, balance, earned: balance, spent: 0, entries: count, usage: {}, optOut: false, createdAt: yearAgo });
  }

  // top up with everyday board posts until the trail holds 21,000 records
  while (audit.length < 21_000) {
    const p = pick(actives);
    takePart(p, at(), 'createPost', `${V}:m:chat${audit.length}`, '在村里群发了帖子');
  }

  const write = async (collection: string, docs: Doc[]) => {
    for (let i = 0; i < docs.length; i += 500) await store.createMany(collection, docs.slice(i, i + 500));
  };
  await write('register', register);
  await write('tickets', tickets);
  await write('patrol', messages);
  await write('delib', topics);
  await write('ledger', accounts);
  await write('audit', audit);
  return { households: 300, audit: audit.length, tickets: tickets.length, polls, leads: messages.length };
}
