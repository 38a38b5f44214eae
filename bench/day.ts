/**
 * A day in a township: what the product costs on CloudBase (issue 12). `npm run bench:day` bills a
 * township of 20 villages × 300 households; `npm run bench` runs the same model on 3 × 100.
 *
 * How: a generated township (bench/day/township.ts) is written to the register, each village's history
 * is made through the BUILT functions at past times (ledger opened with the event rule on, goods, claims
 * approved three days ago, a week of board posts, yesterday's tickets, digest consents, a topic proposed five
 * days ago and seconded the evening after in every village, and a topic on the agenda in the poll's), then one day (a Tuesday in March, Beijing time) is replayed minute by minute on the emulator's
 * moved clock: every client call through `emu.invoke` (the same host the H5 and weapp transports reach),
 * every timer firing on its config.json schedule. The bill is read from the emulator (bench/day/bill.ts).
 *
 * The day's model, per village (H households; what the client calls per screen, as built):
 * - App opens: a third of households with a WeChat member open the app, half of them twice; times follow
 *   a village day (morning 6–8, noon, evening 18–21 peak). An open = the board tab (listBoard) + one more
 *   screen: 网格, 议事 (listTopics), 积分 (ledgerHome) or 我的 (no call: the unread count comes with the
 *   board's answer). 议事 and 积分 show the phone's kept answer, with no call, while the board's stamp for
 *   that tab is the one it was kept under (state/tab-stamps.ts); what the phones keep when the day begins is
 *   drawn by `keepTabs` (a person's last visit of each tab, from this same visit rate, kept if the stored
 *   data changed nothing after it), and a person's own write of the tab's job drops it. 网格 shows a resident their own grid and its workers, which come with `me` (no call);
 *   the committee and grid workers see every grid (villageOverview), kept for hours (state/kept.ts): asked
 *   on the first open of the day only; `me` on one first open in
 *   thirty (a one-village member's is kept for 30 days and checked by the stamp in the board's answer,
 *   state/me.ts, state/me-fresh.ts); three in ten also
 *   open a thread (a short one came with the board's answer: no call).
 * - Board: 3 % of opens post (a fifth with a photo), 5 % reply, 1 % flag a post.
 * - Tickets: 1 % of households report (half with a photo); each is accepted by the grid worker within
 *   1–3 h, started, resolved with a photo 2–6 h later, and confirmed by the reporter in the evening; a
 *   neighbour +1s; the reporter looks at it twice. Yesterday's two resolved tickets are confirmed today.
 * - Grid workers (one per 50 households): three rounds a day — the queue (listQueue, which carries their due
 *   tickets: one screen), the inbox in the evening — and each lead in the queue gets opened and replied to or
 *   dismissed.
 * - Committee (3): two rounds — pending claims (reviewed), the queue, the board, the inbox.
 * - 道德银行: 2 claims (one 代办 by a grid worker), 3 redemptions (shop + redeem), 2 pickups checked off
 *   by the keeper (shop + checkOff); four claims approved three days ago post by the timer.
 * - One poll (in the first `pollVillages` villages): the committee opens a household-roll poll at 08:00,
 *   closing 21:00; 55 % of households with WeChat vote themselves (getTopic + castVote), bunched in the
 *   evening (20 % before noon, 15 % afternoon, 65 % 18–21); grid workers vote for 10 % of the households
 *   without WeChat (listRoll + castVote with assist); the timer counts at 21:00; 20 voters look at the result.
 * - Timers: every trigger in cloudfunctions/<name>/config.json fires on its schedule for 24 h. The history
 *   week's timer work is done in set-up when it fell due (the thirty claims a village had approved nine days
 *   before post when their 公示 ends, six days before the day), so the day bills only the day's work.
 * The busiest hour of the day is replayed at `pacedSpeed`× wall speed (events of that hour sent at their
 * scaled times, concurrently); the rest runs as fast as the machine goes.
 */
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { dbMeterOf } from '../emulator/wire/database';
import { collections } from '../server/collections';
import { REGISTER } from '../server/kernel/auth';
import { createSdkStore } from '../server/kernel/sdk-store';
import { sdkFor } from '../demo/start-demo';
import { deliberationFunctionEnv } from '../demo/deliberation-key';
import { buildFunctions } from '../scripts/build-functions';
import { generateTownship, randomFrom, type Person, type Village } from './day/township';
import { billBetween, round, scale, snapshot, minus, villagesPerEnv, QUOTA_PAGE, BASIC_ENV_PER_DAY, CLOUD_ROUND_TRIP_MS, DB_QPS_QUOTA, type Bill } from './day/bill';
import { uploadPrefix } from '../server/kernel/files';
import { timerTime } from '../emulator/timers/scheduler';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** 2026-03-10 00:00 Beijing time (a Tuesday; not January, when settleYear wakes daily) */
const DAY0 = Date.UTC(2026, 2, 10) - 8 * HOUR;
const YEAR = 2026;
/** when the history's thirty funded claims a village were submitted and approved */
const FUNDED_AT = DAY0 - 9 * DAY + 10 * HOUR;
/** relative weight of app opens per Beijing hour */
const OPENS_BY_HOUR = [0.2, 0.1, 0.05, 0.05, 0.1, 0.4, 2, 3, 2.5, 1.5, 1.2, 1.5, 2.5, 2, 1.2, 1, 1.2, 1.5, 2.5, 3.5, 4, 3, 1.5, 0.6];

export interface DayOptions {
  villages: number;
  households: number;
  pollVillages: number;
  /** the busiest hour at this many times wall speed; null: everything as fast as it goes */
  pacedSpeed: number | null;
}

type Answer = { ok: boolean; data?: any; code?: string };
interface Event {
  at: number;
  label: string;
  run: (s: Session) => Promise<void>;
}

/** One person's visit: its calls, and the files its answers showed (a phone fetches each once). */
interface Session {
  call(fn: string, action: string, payload: Record<string, unknown>): Promise<Answer>;
}

interface Counters {
  calls: number;
  errors: number;
  errorCodes: Record<string, number>;
  uploads: number;
  downloads: number;
  skipped: number;
  /** 积分 / 议事 tabs shown from what the phone kept (no call) */
  keptTabs: number;
}

function beijingHourStart(dayStart: number, hour: number): number {
  return dayStart + hour * HOUR;
}

/** A time in the day drawn from the opens profile. */
function openTime(rnd: () => number): number {
  const total = OPENS_BY_HOUR.reduce((a, b) => a + b, 0);
  let x = rnd() * total;
  let h = 0;
  while (h < 23 && x > OPENS_BY_HOUR[h]) x -= OPENS_BY_HOUR[h++];
  return DAY0 + h * HOUR + Math.floor(rnd() * HOUR);
}

const cloudFiles = (value: unknown, into: Set<string>): void => {
  if (typeof value === 'string') {
    if (value.startsWith('cloud://')) into.add(value);
  } else if (Array.isArray(value)) for (const v of value) cloudFiles(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) cloudFiles(v, into);
};

const unitKey = (householdId: string) => householdId.replace(/:/g, '~');
const nonceOf = (s: string) => createHash('sha256').update(`day|${s}`).digest('base64url').slice(0, 32);

class Replay {
  readonly counters: Counters = { calls: 0, errors: 0, errorCodes: {}, uploads: 0, downloads: 0, skipped: 0, keptTabs: 0 };
  /**
   * DB requests by simulated second: each invocation's requests spread evenly over its duration on CloudBase
   * (its measured time, or CLOUD_ROUND_TRIP_MS a request if longer), starting when it was called — a visit's
   * calls one right after the other, with no time to read a screen: the QPS the day asks of CloudBase
   * (quota: 30), on the high side
   */
  readonly dbBySecond = new Map<number, number>();
  /** the same, the people's visits only (without the timers) */
  readonly visitDbBySecond = new Map<number, number>();
  private seq = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(readonly emu: Emulator, readonly sdk: any, private readonly tag: string) {}

  /** `dbCalls` requests made from `at` (ms, simulated) for `ms`; answers when they ended */
  countDb(at: number, ms: number, dbCalls: number, visit: boolean): number {
    const duration = Math.max(1, ms, dbCalls * CLOUD_ROUND_TRIP_MS);
    for (let t = at; t < at + duration; t = (Math.floor(t / 1000) + 1) * 1000) {
      const second = Math.floor(t / 1000);
      const share = (dbCalls * (Math.min(at + duration, (second + 1) * 1000) - t)) / duration;
      for (const map of visit ? [this.dbBySecond, this.visitDbBySecond] : [this.dbBySecond]) map.set(second, (map.get(second) ?? 0) + share);
    }
    return at + duration;
  }

  /** the timers due now, one after the other from this moment, their DB requests counted */
  async runTimers(at: number): Promise<void> {
    const before = this.emu.stats.invocations.length;
    await this.emu.runDueTimers();
    let t = at;
    for (const i of this.emu.stats.invocations.slice(before)) t = this.countDb(t, i.ms, i.dbCalls, false);
  }

  /** One person's visit; `at`: when it began (simulated), for the QPS count. */
  session(openid: string, at?: number): Session {
    const seen = new Set<string>();
    let next = at;
    return {
      call: async (fn, action, payload) => {
        const requestId = `day-${this.tag}-${++this.seq}`;
        const event = { action, payload, requestId };
        let answer: Answer = { ok: false, code: 'not_sent' };
        for (let attempt = 0; attempt < 3; attempt++) {
          this.counters.calls++;
          const wall = Date.now();
          const r = await this.emu.invoke(fn, event, { openid });
          if (next !== undefined) next = this.countDb(next, Date.now() - wall, r.dbCalls, true);
          if (r.errCode !== undefined) answer = { ok: false, code: `invocation_${r.errCode}` };
          else {
            const res = r.result as { ok: boolean; data?: unknown; error?: { code: string } };
            answer = res.ok ? { ok: true, data: res.data } : { ok: false, code: res.error?.code };
          }
          // a client retries a lost race with the same requestId; everything else it shows
          if (answer.ok || answer.code !== 'conflict') break;
        }
        if (!answer.ok) {
          this.counters.errors++;
          const key = `${fn}.${action}:${answer.code}`;
          this.counters.errorCodes[key] = (this.counters.errorCodes[key] ?? 0) + 1;
        } else {
          const before = seen.size;
          cloudFiles(answer.data, seen);
          this.counters.downloads += seen.size - before;
        }
        return answer;
      },
    };
  }

  /** A photo from the phone: one storage upload (wx.cloud.uploadFile) under the person's upload prefix (the functions accept no other). */
  async upload(name: string, villageId: string, openid: string): Promise<string> {
    const res = await this.sdk.uploadFile({ cloudPath: `${uploadPrefix(villageId, openid)}day/${this.tag}/${name}.jpg`, fileContent: randomBytes(2048) });
    this.counters.uploads++;
    return res.fileID as string;
  }
}

/** Writes the register and makes each village's history through the functions, at past times. */
async function setUp(emu: Emulator, replay: Replay, township: Village[], pollVillages: number, rnd: () => number) {
  const store = createSdkStore(replay.sdk.database());
  for (const v of township) for (let i = 0; i < v.docs.length; i += 200) await store.createMany(REGISTER, v.docs.slice(i, i + 200));
  const at = (t: number) => emu.clock.set(t);
  const as = (p: Person) => replay.session(p.openid!);
  const any = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  for (const [vi, v] of township.entries()) {
    const V = { villageId: v.villageId };
    const chair = v.committee[0];
    at(DAY0 - 10 * DAY + 9 * HOUR);
    const home = await as(chair).call('ledger', 'openLedger', V);
    const r11 = (await as(chair).call('ledger', 'ledgerHome', V)).data?.catalogue;
    const rule = r11?.rules?.find((r: { ruleId: string }) => r.ruleId === 'r11');
    if (home.ok && rule) await as(chair).call('ledger', 'saveRule', { ...V, ...rule, baseVersion: r11.version, enabled: true });
    for (const [name, unit, price] of [['大米（10斤）', '袋', 5], ['食用油（5升）', '桶', 8], ['洗衣粉', '袋', 3]] as const) {
      await as(v.shopkeeper).call('ledger', 'saveGoods', { ...V, name, unit, price, addStock: 200 });
    }
    // points to spend: thirty households with WeChat got a claim posted a week ago
    at(FUNDED_AT);
    const funded: Person[] = [];
    for (const h of v.households) {
      const who = h.people.find((p) => p.openid);
      if (!who || funded.length >= 30) continue;
      const c = (await as(who).call('ledger', 'submitClaim', { ...V, ruleId: 'r04', note: '参加环境整治' })).data?.claim;
      if (c) await as(chair).call('ledger', 'reviewClaim', { ...V, householdId: c.householdId, claimId: c.claimId, decision: 'approve' });
      funded.push(who);
    }
    (v as any).funded = funded;
    at(DAY0 - 3 * DAY + 9 * HOUR);
    for (let i = 0; i < 4; i++) {
      const c = (await as(any(v.online)).call('ledger', 'submitClaim', { ...V, ruleId: 'r05', note: '志愿服务' })).data?.claim;
      if (c) await as(chair).call('ledger', 'reviewClaim', { ...V, householdId: c.householdId, claimId: c.claimId, decision: 'approve' });
    }
    // a week of the board
    for (let d = 7; d >= 1; d--) {
      at(DAY0 - d * DAY + 19 * HOUR);
      for (let i = 0; i < 3; i++) await as(any(v.online)).call('patrol', 'createPost', { ...V, text: `今天村里${['修路', '开会', '收快递', '晒谷子'][i % 4]}，大家注意（${d}-${i}）` });
    }
    // yesterday's tickets, resolved and waiting for their reporters
    at(DAY0 - DAY + 9 * HOUR);
    for (let i = 0; i < 2; i++) {
      const reporter = any(v.online);
      const t = (await as(reporter).call('grid', 'submitReport', { ...V, categoryId: 'road', text: `路灯不亮（昨天 ${i}）` })).data;
      const worker = v.workers.find((w) => w.gridId === reporter.gridId) ?? v.workers[0];
      if (!t?.ticketId) continue;
      for (const step of ['acceptTicket', 'startTicket'] as const) await as(worker).call('grid', step, { ...V, ticketId: t.ticketId });
      await as(worker).call('grid', 'resolveTicket', { ...V, ticketId: t.ticketId, note: '已换灯泡' });
      (v as Village & { yesterday?: { ticketId: string; reporter: Person }[] }).yesterday = [...((v as any).yesterday ?? []), { ticketId: t.ticketId, reporter }];
    }
    // one in ten people with WeChat asked for the evening digest
    for (const p of v.online.filter((_, i) => i % 10 === 0)) await as(p).call('account', 'subscribeDigest', { ...V, templateIds: ['day-digest'] });
    // every village deliberates: a topic proposed five days ago, seconded the evening after
    at(DAY0 - 5 * DAY + 10 * HOUR);
    const road = (await as(any(v.online)).call('deliberation', 'proposeTopic', { ...V, title: '村西路口加装路灯', body: '晚上路口太黑，老人出门不方便，建议加装两盏路灯。' })).data;
    at(DAY0 - 4 * DAY + 19 * HOUR);
    if (road?.topicId) await as(any(v.online)).call('deliberation', 'secondTopic', { ...V, topicId: road.topicId });
    if (vi < pollVillages) {
      at(DAY0 - 2 * DAY + 10 * HOUR);
      const topic = (await as(any(v.online)).call('deliberation', 'proposeTopic', { ...V, title: '修缮村口石桥', body: '石桥栏杆松动，建议用村集体资金修缮。' })).data;
      if (topic?.topicId) await as(chair).call('deliberation', 'putOnAgenda', { ...V, topicId: topic.topicId });
      (v as any).topicId = topic?.topicId;
    }
  }
  // The history's timers: set-up moves the clock by hand, so no timer ran during the week. The funded claims'
  // 公示 ended three days (the book's publicNoticeDays) after their approval, six days before the day; the
  // 10-minute timer would have posted them then, so it does so here, at that moment (until nothing is due).
  // Without this the week's postings landed on the measured day (30 a village, at 00:00): history, not the
  // day's cost. The four claims approved three days before the day stay: their 公示 ends on the day (09:00).
  at(FUNDED_AT + 3 * DAY + 10 * MIN);
  for (let tick = 0; tick < 1000; tick++) {
    const r = await emu.invokeTrigger('ledger', { Type: 'Timer', TriggerName: 'ledgerClock', Time: timerTime(emu.clock.now()) });
    const out = (r.result as { ok?: boolean; data?: { claims: { posted: number } } } | undefined) ?? {};
    if (!out.ok) throw new Error(`历史中的公示期满入账失败：${JSON.stringify(r)}`);
    if (out.data!.claims.posted === 0) break;
  }
}

/** The day's events of one village (see the model at the top). */
function dayOf(v: Village, replay: Replay, rnd: () => number, poll: boolean): Event[] {
  const V = { villageId: v.villageId };
  const events: Event[] = [];
  const any = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const add = (at: number, label: string, who: Person, run: (s: Session) => Promise<void>) => events.push({ at, label, run: () => run(replay.session(who.openid!, at)) });
  // the worker of a grid lives in it (township.ts picks each grid's worker among its households)
  const workerOf = (gridId: string) => v.workers.find((w) => w.gridId === gridId) ?? v.committee[0];
  const posts: string[] = [];
  // what each phone keeps of the 积分 / 议事 tabs, and under which stamp (keepTabs; a write of the job drops it)
  const keptTabs: Map<string, { ledger?: string; topics?: string }> = (v as any).keptTabs ?? new Map();
  const wrote = (who: Person, tab: 'ledger' | 'topics') => keptTabs.set(who.openid!, { ...keptTabs.get(who.openid!), [tab]: undefined });

  // app opens
  const withWechat = v.households.filter((h) => h.people.some((p) => p.openid));
  for (const h of withWechat) {
    if (rnd() >= 1 / 3) continue;
    const who = any(h.people.filter((p) => p.openid));
    const opens = [openTime(rnd), ...(rnd() < 0.5 ? [openTime(rnd)] : [])].sort((a, b) => a - b);
    opens.forEach((t, i) =>
      add(t, 'open', who, async (s) => {
        // the phone keeps `me`, checked by the stamp in the board's answer (state/me.ts); everyone here is a
        // member of one village, whose whole `me` the stamp covers, kept 30 days (state/me-fresh.ts): a
        // household opening the app about daily asks once a month; nobody's standing changes on the day
        if (i === 0 && rnd() < 1 / 30) await s.call('account', 'me', {});
        const board = await s.call('patrol', 'listBoard', V);
        const list: { postId: string; replies?: unknown[] }[] = board.data?.posts ?? [];
        const x = rnd();
        // 网格: a resident's own grid and its workers came with `me` (no call); the committee and grid
        // workers see every grid, kept on the phone for hours (state/kept.ts): asked on the first open only
        if (x < 0.25) {
          const seesGrids = who.roles.some((r) => r === 'committee' || r === 'grid_worker' || r === 'township');
          if (i === 0 && seesGrids) await s.call('account', 'villageOverview', V);
        }
        // 议事 and 积分: the phone's kept answer while the board's stamp is the one it was kept under
        // (state/tab-stamps.ts); else asked, and kept under this board's stamp
        else if (x < 0.75) {
          const tab = x < 0.5 ? 'topics' : 'ledger';
          const stamp: string | null = board.data?.tabStamps?.[tab] ?? null;
          const mine = (keptTabs.get(who.openid!) ?? {}) as Record<string, string | undefined>;
          if (!stamp || mine[tab] !== stamp) {
            if (tab === 'topics') await s.call('deliberation', 'listTopics', { ...V, pageSize: 50 });
            else await s.call('ledger', 'ledgerHome', { ...V, pageSize: 20 });
            keptTabs.set(who.openid!, { ...mine, [tab]: stamp ?? undefined });
          } else replay.counters.keptTabs++;
        }
        // the other quarter open 我的: who I am is kept, and the unread count came with the board's answer
        // (state/unread.ts): no call
        // a short thread came with the board's answer (client/src/patrol/threads.ts): only a long one asks
        if (rnd() < 0.3 && list.length) {
          const post = any(list) as { postId: string; replies?: unknown[] };
          if (!post.replies) await s.call('patrol', 'getThread', { ...V, postId: post.postId });
        }
        const y = rnd();
        if (y < 0.03) {
          const photos = rnd() < 0.2 ? [{ fileId: await replay.upload(`post-${v.villageId}-${t}`, v.villageId, who.openid!) }] : [];
          const p = await s.call('patrol', 'createPost', { ...V, text: `${['东头路口的垃圾没人收', '今晚广场有电影', '谁家的狗跑丢了', '自来水有点浑'][Math.floor(rnd() * 4)]}（${t % 100000}）`, photos });
          if (p.data?.postId) posts.push(p.data.postId);
        } else if (y < 0.08 && list.length) {
          await s.call('patrol', 'createPost', { ...V, text: `收到，谢谢提醒（${t % 100000}）`, replyTo: any(list).postId });
        } else if (y < 0.09 && list.length) {
          await s.call('patrol', 'flagPost', { ...V, postId: any(list).postId, reason: '请网格员看看' });
        }
      }),
    );
  }

  // tickets through their whole life
  const reports = Math.max(1, Math.round(v.households.length * 0.01));
  for (let i = 0; i < reports; i++) {
    const reporter = any(v.online);
    const worker = workerOf(reporter.gridId);
    const neighbour = any(v.online);
    const t0 = DAY0 + 7 * HOUR + Math.floor(rnd() * 8 * HOUR);
    const ticket: { id?: string } = {};
    add(t0, 'report', reporter, async (s) => {
      await s.call('grid', 'reportSetup', V);
      const photos = rnd() < 0.5 ? [{ fileId: await replay.upload(`ticket-${v.villageId}-${i}`, v.villageId, reporter.openid!), bytes: 2048 }] : [];
      ticket.id = (await s.call('grid', 'submitReport', { ...V, categoryId: 'water_power', text: `水管漏水（${i}）`, photos })).data?.ticketId;
    });
    const step = (at: number, label: string, who: Person, fn: (s: Session, id: string) => Promise<unknown>) =>
      add(at, label, who, async (s) => {
        if (!ticket.id) return void replay.counters.skipped++;
        await fn(s, ticket.id);
      });
    const accept = t0 + HOUR + Math.floor(rnd() * 2 * HOUR);
    step(accept, 'accept', worker, async (s, id) => {
      await s.call('grid', 'getTicket', { ...V, ticketId: id });
      await s.call('grid', 'acceptTicket', { ...V, ticketId: id });
      await s.call('grid', 'startTicket', { ...V, ticketId: id });
    });
    step(t0 + 30 * MIN, 'support', neighbour, async (s, id) => {
      await s.call('grid', 'getTicket', { ...V, ticketId: id });
      if (neighbour !== reporter) await s.call('grid', 'supportTicket', { ...V, ticketId: id });
    });
    const resolve = accept + 2 * HOUR + Math.floor(rnd() * 4 * HOUR);
    step(resolve, 'resolve', worker, async (s, id) => {
      await s.call('grid', 'getTicket', { ...V, ticketId: id });
      await s.call('grid', 'resolveTicket', { ...V, ticketId: id, note: '已修好', photos: [{ fileId: await replay.upload(`fixed-${v.villageId}-${i}`, v.villageId, worker.openid!), bytes: 2048 }] });
    });
    step(Math.max(resolve + 30 * MIN, DAY0 + 19 * HOUR + Math.floor(rnd() * 2 * HOUR)), 'confirm', reporter, async (s, id) => {
      await s.call('grid', 'listMyTickets', V);
      await s.call('grid', 'getTicket', { ...V, ticketId: id });
      await s.call('grid', 'confirmTicket', { ...V, ticketId: id, rating: 5, comment: '修得很快' });
    });
  }
  for (const y of ((v as any).yesterday ?? []) as { ticketId: string; reporter: Person }[]) {
    add(DAY0 + 12 * HOUR + Math.floor(rnd() * 8 * HOUR), 'confirm', y.reporter, async (s) => {
      await s.call('grid', 'getTicket', { ...V, ticketId: y.ticketId });
      await s.call('grid', 'confirmTicket', { ...V, ticketId: y.ticketId, rating: 4, comment: '好了' });
    });
  }

  // grid workers: three rounds
  for (const w of v.workers) {
    for (const h of [8, 14, 19]) {
      add(DAY0 + h * HOUR + Math.floor(rnd() * HOUR), 'worker', w, async (s) => {
        const q = await s.call('patrol', 'listQueue', V);
        for (const lead of ((q.data?.leads ?? []) as { leadId: string; held: boolean }[]).slice(0, 3)) {
          await s.call('patrol', 'getLead', { ...V, leadId: lead.leadId });
          if (lead.held) await s.call('patrol', 'reviewPost', { ...V, postId: lead.leadId, decision: 'publish' });
          else if (rnd() < 0.5) await s.call('patrol', 'replyLead', { ...V, leadId: lead.leadId, text: '已经去看过了，正在处理' });
          else await s.call('patrol', 'dismissLead', { ...V, leadId: lead.leadId, reason: '不是问题' });
        }
        // the round's due tickets came with the queue's answer (one screen): no listDueTickets
        if (h === 19) await s.call('account', 'inbox', V);
      });
    }
  }

  // 道德银行
  for (let i = 0; i < 2; i++) {
    const who = i === 0 ? any(v.online) : workerOf(v.grids[0]);
    const offline = v.households.flatMap((h) => h.people).filter((p) => !p.openid && p.gridId === who.gridId);
    add(DAY0 + 9 * HOUR + Math.floor(rnd() * 9 * HOUR), 'claim', who, async (s) => {
      await s.call('ledger', 'ledgerHome', { ...V, pageSize: 20 });
      await s.call('ledger', 'submitClaim', { ...V, ruleId: 'r04', note: '打扫村道', ...(i === 1 && offline.length ? { residentId: any(offline).id } : {}) });
      wrote(who, 'ledger');
    });
  }
  const codes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const who = any(((v as any).funded as Person[]) ?? v.online);
    add(DAY0 + 8 * HOUR + Math.floor(rnd() * 10 * HOUR), 'redeem', who, async (s) => {
      const shop = await s.call('ledger', 'shop', V);
      const goods = (shop.data?.goods ?? []).find((g: { price: number }) => g.price <= (shop.data?.balance ?? 0));
      if (!goods) return void replay.counters.skipped++;
      const r = await s.call('ledger', 'redeem', { ...V, goodsId: goods.goodsId, qty: 1, price: goods.price });
      wrote(who, 'ledger');
      if (r.data?.redemption?.code) codes.push(r.data.redemption.code);
    });
  }
  for (const h of [12, 19]) {
    // people are not on the minute: each village's keeper comes some time in the half hour
    add(DAY0 + h * HOUR + 30 * MIN + Math.floor(rnd() * 30 * MIN), 'checkOff', v.shopkeeper, async (s) => {
      await s.call('ledger', 'shop', V);
      const code = codes.shift();
      if (code) await s.call('ledger', 'checkOff', { ...V, code });
      if (code) wrote(v.shopkeeper, 'ledger');
    });
  }
  // committee: two rounds
  for (const [i, c] of v.committee.entries()) {
    for (const h of [10, 20]) {
      // each village's committee round starts some time in the hour (not every village at 20:00:00)
      add(DAY0 + h * HOUR + i * 7 * MIN + Math.floor(rnd() * 40 * MIN), 'committee', c, async (s) => {
        await s.call('patrol', 'listBoard', V);
        if (i === 0) {
          const pending = await s.call('ledger', 'listClaims', { ...V, status: 'pending' });
          for (const claim of (pending.data?.items ?? []) as { householdId: string; claimId: string }[]) {
            await s.call('ledger', 'reviewClaim', { ...V, householdId: claim.householdId, claimId: claim.claimId, decision: 'approve' });
            wrote(c, 'ledger');
          }
          await s.call('patrol', 'listQueue', V);
        }
        await s.call('account', 'inbox', V);
      });
    }
  }

  // the poll
  const topicId = (v as any).topicId as string | undefined;
  if (poll && topicId) {
    add(DAY0 + 8 * HOUR, 'schedulePoll', v.committee[0], async (s) => {
      await s.call('deliberation', 'getTopic', { ...V, topicId });
      await s.call('deliberation', 'schedulePoll', {
        ...V,
        topicId,
        poll: { kind: 'approve', question: '同意修缮村口石桥吗？', rollType: 'households', quorum: { kind: 'more_than_half' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: DAY0 + 21 * HOUR },
      });
      wrote(v.committee[0], 'topics');
    });
    for (const h of withWechat) {
      if (rnd() >= 0.55) continue;
      const voter = any(h.people.filter((p) => p.openid));
      const x = rnd();
      const at = x < 0.2 ? DAY0 + 8 * HOUR + 5 * MIN + Math.floor(rnd() * 4 * HOUR) : x < 0.35 ? DAY0 + 12 * HOUR + Math.floor(rnd() * 6 * HOUR) : DAY0 + 18 * HOUR + Math.floor(rnd() * 3 * HOUR - MIN);
      add(at, 'vote', voter, async (s) => {
        await s.call('deliberation', 'getTopic', { ...V, topicId });
        await s.call('deliberation', 'castVote', { ...V, topicId, unitId: unitKey(h.householdId), choices: [rnd() < 0.7 ? 'yes' : 'no'], nonce: nonceOf(`${v.villageId}|${h.householdId}`) });
        wrote(voter, 'topics');
      });
    }
    const offlineOnly = v.households.filter((h) => !h.people.some((p) => p.openid));
    for (const h of offlineOnly) {
      if (rnd() >= 0.1) continue;
      const worker = workerOf(h.gridId);
      add(DAY0 + 15 * HOUR + Math.floor(rnd() * 3 * HOUR), 'assist', worker, async (s) => {
        await s.call('deliberation', 'listRoll', { ...V, topicId });
        await s.call('deliberation', 'castVote', { ...V, topicId, unitId: unitKey(h.householdId), choices: ['yes'], nonce: nonceOf(`${v.villageId}|${h.householdId}`), assist: { residentId: h.people[0].id, consent: 'verbal' } });
        wrote(worker, 'topics');
      });
    }
    for (let i = 0; i < 20; i++) add(DAY0 + 21 * HOUR + 5 * MIN + i * MIN, 'results', any(v.online), async (s) => void (await s.call('deliberation', 'getTopic', { ...V, topicId })));
  }
  return events;
}

/** a household's chance, on a given day, of opening a given second tab (积分 or 议事): the opens model above */
const TAB_VISIT_PER_HOUSEHOLD_DAY = (1 / 3) * (0.5 * 0.25 + 0.5 * (1 - 0.75 ** 2));
/** a phone keeps a tab's answer this long (client/src/state/tab-stamps.ts) */
const TAB_KEPT_DAYS = 30;

/**
 * What the phones keep of the 积分 and 议事 tabs when the day begins. The model: a person's last visit to a
 * tab was on one of the 30 days before, each day with their household's chance of visiting it
 * (TAB_VISIT_PER_HOUSEHOLD_DAY) shared among its members with WeChat, at a time of day drawn from the opens
 * profile; none in 30 days → nothing kept. The kept answer still stands if nothing it shows changed after
 * that visit, which the stored data tells: the household's newest ledger change (every write of its claims,
 * account and pickups sets `updatedAt`) and the catalogue's last edit, or the village's newest topic change.
 * The phone then holds the stamp the board answers now (asked here, before the day's bill starts); one
 * that no longer stands holds nothing. During the day, the real stamps decide.
 */
async function keepTabs(emu: Emulator, replay: Replay, township: Village[], rnd: () => number): Promise<{ people: number; ledger: number; topics: number }> {
  const ledgerDocs = emu.store.all('ledger') as Record<string, any>[];
  const topicDocs = (emu.store.all('delib') as Record<string, any>[]).filter((d) => d.kind === 'topic');
  const counts = { people: 0, ledger: 0, topics: 0 };
  // each household's newest ledger change, in one pass over the documents
  const householdChangedAt = new Map<string, number>();
  for (const d of ledgerDocs) if (d.householdId) householdChangedAt.set(d.householdId, Math.max(householdChangedAt.get(d.householdId) ?? 0, d.updatedAt ?? 0));
  for (const v of township) {
    const book = ledgerDocs.find((d) => d._id === `${v.villageId}:ledger`);
    const catalogueAt = Math.max(0, ...Object.values((book?.rules ?? {}) as Record<string, { updatedAt?: number }>).map((r) => r.updatedAt ?? 0), book?.createdAt ?? 0);
    const topicsChangedAt = Math.max(0, ...topicDocs.filter((d) => d.villageId === v.villageId).map((d) => d.updatedAt as number));
    const kept = new Map<string, { ledger?: string; topics?: string }>();
    for (const h of v.households) {
      const online = h.people.filter((p) => p.openid);
      const householdAt = householdChangedAt.get(h.householdId) ?? 0;
      for (const p of online) {
        const lastVisit = (): number | null => {
          for (let d = 1; d <= TAB_KEPT_DAYS; d++) if (rnd() < TAB_VISIT_PER_HOUSEHOLD_DAY / online.length) return openTime(rnd) - d * DAY;
          return null;
        };
        const ledgerVisit = lastVisit();
        const topicsVisit = lastVisit();
        const keepsLedger = ledgerVisit !== null && ledgerVisit > Math.max(catalogueAt, householdAt);
        const keepsTopics = topicsVisit !== null && topicsVisit > topicsChangedAt;
        if (!keepsLedger && !keepsTopics) continue;
        const stamps = (await replay.session(p.openid!).call('patrol', 'listBoard', { villageId: v.villageId })).data?.tabStamps ?? {};
        kept.set(p.openid!, { ledger: keepsLedger ? stamps.ledger ?? undefined : undefined, topics: keepsTopics ? stamps.topics ?? undefined : undefined });
        counts.people++;
        if (keepsLedger) counts.ledger++;
        if (keepsTopics) counts.topics++;
      }
    }
    (v as Village & { keptTabs?: typeof kept }).keptTabs = kept;
  }
  return counts;
}

/** Moves the clock minute by minute through one day, firing timers, and runs each event at its time. */
async function replayDay(emu: Emulator, events: Event[], pacedSpeed: number | null, replay: Replay): Promise<{ peakHour: number; peakEvents: number; peakErrors: number; peakCalls: number }> {
  events.sort((a, b) => a.at - b.at);
  const perHour = Array.from({ length: 24 }, (_, h) => events.filter((e) => e.at >= DAY0 + h * HOUR && e.at < DAY0 + (h + 1) * HOUR).length);
  const peakHour = perHour.indexOf(Math.max(...perHour));
  let next = 0;
  let peak = { peakErrors: 0, peakCalls: 0 };
  for (let minute = 0; minute < 24 * 60; minute++) {
    const start = DAY0 + minute * MIN;
    if (pacedSpeed && start === beijingHourStart(DAY0, peakHour)) {
      const before = { ...replay.counters };
      const hourEvents: Event[] = [];
      while (next < events.length && events[next].at < start + HOUR) hourEvents.push(events[next++]);
      const wallStart = Date.now();
      const running: Promise<void>[] = [];
      for (let m = 0; m < 60; m++) {
        const mStart = start + m * MIN;
        await sleepUntil(wallStart + (m * MIN) / pacedSpeed);
        emu.clock.set(mStart);
        await replay.runTimers(mStart);
        for (const e of hourEvents.filter((x) => x.at >= mStart && x.at < mStart + MIN)) {
          running.push(sleepUntil(wallStart + (e.at - start) / pacedSpeed).then(() => e.run(replay.session('-'))));
        }
      }
      await Promise.all(running);
      peak = { peakErrors: replay.counters.errors - before.errors, peakCalls: replay.counters.calls - before.calls };
      minute += 59;
      continue;
    }
    emu.clock.set(start);
    await replay.runTimers(start);
    while (next < events.length && events[next].at < start + MIN) {
      const e = events[next++];
      emu.clock.set(Math.max(e.at, emu.clock.now()));
      await e.run(replay.session('-'));
    }
  }
  emu.clock.set(DAY0 + DAY);
  await replay.runTimers(DAY0 + DAY);
  return { peakHour, peakEvents: perHour[peakHour], ...peak };
}

const sleepUntil = (wall: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, wall - Date.now())));

async function emulator(): Promise<{ emu: Emulator; sdk: any }> {
  // the deliberation function's ballot key, as CloudBase holds it in the function's environment (demo/deliberation-key.ts)
  const emu = await startEmulator({ port: 0, dataDir: null, functionsDir: join(__dirname, '..', 'cloudfunctions'), collections, timers: 'manual', logFunctionErrors: false, functionEnv: deliberationFunctionEnv() });
  return { emu, sdk: sdkFor(emu) };
}

function meterOf(emu: Emulator, replay: Replay) {
  const db = dbMeterOf(emu.store);
  if (!db) throw new Error('模拟器没有数据库计量（emulator/wire/database.ts DbMeter）');
  return snapshot({ invocations: emu.stats.invocations, db, requests: emu.stats.requests, outbox: emu.outbox().length, uploads: replay.counters.uploads, downloads: replay.counters.downloads });
}

/** An environment holding `villages` villages where nobody acts: 24 hours of timers, and what they cost. */
export async function idleDay(villages = 1): Promise<Bill> {
  const { emu, sdk } = await emulator();
  try {
    const replay = new Replay(emu, sdk, `idle${Date.now().toString(36)}`);
    const township = generateTownship(villages, 50, YEAR, 99);
    await setUp(emu, replay, township, 0, randomFrom(5));
    emu.clock.set(DAY0 - MIN);
    await emu.runDueTimers();
    const a = meterOf(emu, replay);
    await replayDay(emu, [], null, replay);
    const bill = billBetween(a, meterOf(emu, replay), emu.stats.invocations);
    // which timer spent what (ARCHITECTURE's idle table)
    const ticks = emu.stats.invocations.slice(a.invocations);
    const perFunction = [...new Set(ticks.map((i) => i.fn))].map((fn) => {
      const mine = ticks.filter((i) => i.fn === fn);
      return `${fn} ${mine.length} 次、数据库请求 ${mine.reduce((n, i) => n + i.dbCalls, 0)}`;
    });
    console.log(`没人用的一天（${villages} 个村）：${perFunction.join('；')}`);
    return bill;
  } finally {
    await emu.close();
  }
}

export async function runDay(opts: DayOptions): Promise<Record<string, number>> {
  const t = Date.now();
  // the timers' cost with nobody acting, with one idle village and with three: what an idle village adds
  const idle = await idleDay(1);
  const idle3 = await idleDay(3);
  const idleMarginal = (idle3.db_reads - idle.db_reads) / 2;
  const { emu, sdk } = await emulator();
  try {
    const replay = new Replay(emu, sdk, Date.now().toString(36));
    const township = generateTownship(opts.villages, opts.households, YEAR);
    const rnd = randomFrom(7);
    await setUp(emu, replay, township, opts.pollVillages, rnd);
    emu.clock.set(DAY0 - 2 * MIN);
    const kept = await keepTabs(emu, replay, township, randomFrom(11));
    const setupErrors = replay.counters.errors;
    const setupCodes = { ...replay.counters.errorCodes };
    replay.counters.errors = 0;
    replay.counters.errorCodes = {};
    emu.clock.set(DAY0 - MIN);
    await emu.runDueTimers();
    const a = meterOf(emu, replay);
    const events = township.flatMap((v, i) => dayOf(v, replay, rnd, i < opts.pollVillages));
    const peak = await replayDay(emu, events, opts.pacedSpeed, replay);
    const env = billBetween(a, meterOf(emu, replay), emu.stats.invocations);
    if (env.invocations === 0 || env.db_reads === 0) throw new Error('一天的账单是空的：没有调用任何云函数，数字不可信（函数构建了吗？）');

    const perVillage = scale(minus(env, idle), 1 / opts.villages);
    const busiest = (bySecond: Map<number, number>) => {
      const [second, requests] = [...bySecond.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
      return { requests: Math.ceil(requests), when: new Date(second * 1000 + 8 * HOUR).toISOString().slice(11, 19) };
    };
    const peakQps = busiest(replay.dbBySecond);
    const visitsQps = busiest(replay.visitDbBySecond);
    const fit = villagesPerEnv(perVillage, idle);
    const fitDocs = villagesPerEnv(perVillage, idle, true);
    const timers = emu.stats.invocations.slice(a.invocations).filter((i) => i.source === 'wx_trigger');
    const timerFailures = timers.filter((i) => !i.ok || ((i as { result?: { ok?: boolean } }).result?.ok === false));

    console.log(`\n一天的账单（${opts.villages} 个村 × ${opts.households} 户，${new Date(DAY0 + 8 * HOUR).toISOString().slice(0, 10)} 北京时间，配额：${QUOTA_PAGE}）`);
    console.table(
      Object.fromEntries(
        (Object.keys(env) as (keyof Bill)[]).map((k) => [k, { 每村每天: perVillage[k], 空村环境每天: idle[k], 整个环境每天: env[k], ...(k in BASIC_ENV_PER_DAY ? { 基础版每天配额: round(BASIC_ENV_PER_DAY[k as keyof typeof BASIC_ENV_PER_DAY]) } : {}) }]),
      ),
    );
    console.log(`每个维度可容纳的村：${Object.entries(fit.byDimension).map(([d, n]) => `${d} ${n}`).join('，')}`);
    console.log(`villages_per_basic_env ${fit.villages}（先用完：${fit.binding}）；若按文档条数计读写：${fitDocs.villages}（${fitDocs.binding}）`);
    console.log(`最忙的一秒（模拟时间，每次请求按 ${CLOUD_ROUND_TRIP_MS} ms 算）：${peakQps.requests} 次数据库请求，北京时间 ${peakQps.when}；只算人的访问：${visitsQps.requests} 次，${visitsQps.when}（基础版 QPS 配额 ${DB_QPS_QUOTA}；一次访问的各次调用紧接着算，不留看屏幕的时间，偏高）`);
    console.log(`没人用的环境（只有定时器）每天读 ${idle.db_reads} 次、调用 ${idle.invocations} 次；多一个没人用的村多读 ${idleMarginal} 次`);
    console.log(`定时器：${timers.length} 次调用，${[...new Set(timers.map((x) => x.fn))].map((fn) => `${fn} ${timers.filter((x) => x.fn === fn).length}`).join('，')}`);
    // where a village's calls go: per function.action (the phones' calls, a function calling another, timers)
    const byAction = new Map<string, { calls: number; dbCalls: number }>();
    for (const i of emu.stats.invocations.slice(a.invocations)) {
      const key = i.source === 'wx_trigger' ? `${i.fn}.(定时器)` : `${i.fn}.${i.action ?? '?'}${i.source === 'wx_client' ? '' : `（${i.source}）`}`;
      const row = byAction.get(key) ?? { calls: 0, dbCalls: 0 };
      row.calls += 1;
      row.dbCalls += i.dbCalls;
      byAction.set(key, row);
    }
    console.log('当天的调用，按函数.动作：');
    console.table([...byAction.entries()].sort((x, y) => y[1].calls - x[1].calls).map(([action, r]) => ({ action, 整个环境: r.calls, 每村: round(r.calls / opts.villages, 1), 每次DB调用: round(r.dbCalls / r.calls, 1) })));
    console.log(`最忙的一小时：北京时间 ${peak.peakHour}:00，${peak.peakEvents} 次访问，${opts.pacedSpeed ? `${peak.peakCalls} 次调用，${opts.pacedSpeed} 倍速回放，错误 ${peak.peakErrors}` : '（未按倍速回放，不单独计数）'}`);
    if (timerFailures.length) console.log(`定时器失败 ${timerFailures.length} 次：${[...new Set(timerFailures.map((x) => `${x.fn} ${x.errCode ?? ''}`))].join('，')}`);
    if (setupErrors) console.log(`准备历史时出错 ${setupErrors}：${JSON.stringify(setupCodes)}`);
    if (replay.counters.errors) console.log(`当天出错：${JSON.stringify(replay.counters.errorCodes)}`);
    console.log(`用时 ${Math.round((Date.now() - t) / 1000)} s；调用 ${replay.counters.calls}，跳过（前一步没成）${replay.counters.skipped}`);
    console.log(`手机上留着的页：一天开始时 ${kept.people} 人留着（积分 ${kept.ledger}，议事 ${kept.topics}）；这一天直接显示留着的积分 / 议事页 ${replay.counters.keptTabs} 次（不调用）`);

    const prefix = opts.villages >= 20 ? 'day' : 'day_small';
    return {
      [`${prefix}_villages_per_basic_env`]: fit.villages,
      [`${prefix}_villages_per_basic_env_by_docs`]: fitDocs.villages,
      [`${prefix}_invocations_per_village`]: perVillage.invocations,
      [`${prefix}_gbs_per_village`]: perVillage.gbs,
      [`${prefix}_db_reads_per_village`]: perVillage.db_reads,
      [`${prefix}_db_writes_per_village`]: perVillage.db_writes,
      [`${prefix}_msg_sec_checks_per_village`]: perVillage.msg_sec_checks,
      [`${prefix}_subscribe_messages_per_village`]: perVillage.subscribe_messages,
      [`${prefix}_storage_uploads_per_village`]: perVillage.storage_uploads,
      [`${prefix}_storage_downloads_per_village`]: perVillage.storage_downloads,
      [`${prefix}_env_invocations`]: env.invocations,
      [`${prefix}_env_db_reads`]: env.db_reads,
      [`${prefix}_env_db_writes`]: env.db_writes,
      [`${prefix}_env_gbs`]: env.gbs,
      [`${prefix}_db_peak_requests_per_second`]: peakQps.requests,
      [`${prefix}_db_peak_requests_per_second_visits`]: visitsQps.requests,
      [`${prefix}_errors`]: replay.counters.errors,
      [`${prefix}_timer_failures`]: timerFailures.length,
      ...(opts.pacedSpeed ? { [`${prefix}_peak_hour_errors_${opts.pacedSpeed}x`]: peak.peakErrors } : {}),
      // an idle village's reads: what it adds by itself + its share of the environment's timers in a
      // township of 20 (the environment this bench sizes); the whole idle environment is printed beside it.
      // "Idle" = nobody acts on the day; the work that falls due on the day stays in (its four claims whose
      // 公示 ends at 09:00: 8 reads), the history week's does not (set-up ran the ledger's timer when it fell due)
      idle_village_db_reads_per_day: round(idleMarginal + idle.db_reads / 20, 1),
      idle_village_added_db_reads_per_day: idleMarginal,
      idle_env_db_reads_per_day: idle.db_reads,
      idle_env_invocations_per_day: idle.invocations,
    };
  } finally {
    await emu.close();
  }
}

/** The module of `npm run bench`: the same day on a smaller township, everything as fast as it goes. */
export async function run(): Promise<Record<string, number>> {
  return runDay({ villages: 3, households: 100, pollVillages: 1, pacedSpeed: null });
}

async function main(): Promise<void> {
  await buildFunctions();
  // npm run bench:day -- --villages 2 --households 60 --speed 0 (a quick look; 0 = no paced hour)
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const speed = arg('speed', 10);
  const villages = arg('villages', 20);
  const figures = await runDay({ villages, households: arg('households', 300), pollVillages: 1, pacedSpeed: speed > 0 ? speed : null });
  console.table(Object.entries(figures).map(([figure, value]) => ({ figure, value })));
  // the township's figures (prefix day_) join the other benches' in bench/results.json; a quick look at a
  // smaller township would overwrite `npm run bench`'s day_small_ figures with another size, so it is not kept
  if (villages >= 20) {
    const resultsPath = join(__dirname, 'results.json');
    const results = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, number>) : {};
    writeFileSync(resultsPath, JSON.stringify({ ...results, ...figures }, null, 2) + '\n');
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
