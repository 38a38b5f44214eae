/**
 * max_doc_kb_after_5y (issue 15, goal ≤ 64): the largest stored document after five simulated years of a
 * busy household, a busy topic, the village's book and a grid worker's records — every write made through
 * the BUILT cloud functions in the emulator (emu.invoke, the host the H5 and weapp transports reach), on the
 * emulator's moved clock, with the timers fired as the clock passes them. Then every document of every
 * collection is read from the emulator's store and weighed: UTF-8 bytes of its JSON (the BSON CloudBase
 * stores is within a few per cent of it for these documents; KB = 1024 bytes).
 *
 * The model — a 300-household village (bench/day/township.ts, the day bench's generator), compressed: the
 * clock moves a week at a time (260 steps) and each step makes the writes a week makes on the documents that
 * grow, so each document gets the number of writes five years would give it; documents that are created
 * once and never grow (one post, one reply) are made at a lower rate (their size does not depend on how many
 * there are). Per week:
 * - the busy household (in grid 1, three or more members on WeChat): 2 claims submitted and approved
 *   (posted by the ledger timer after 公示), 1 redemption checked off at the shop, every 4th week one
 *   redeemed and cancelled, 1 board post (a neighbour replies every 4th week), every 2nd week a report
 *   (accepted, started, resolved, confirmed); it opens its ledger page and marks its inbox read;
 * - the village's book: the shop restocks its goods weekly; every 4th week a rule is edited, the patrol
 *   lexicon gets a word, every 13th week the thresholds move; yearly the ledger settings and deliberation
 *   settings change; settleYear runs each January (timer);
 * - the grid worker (grid 1): a ticket a week from the grid (the household's every 2nd week), taken through
 *   accept → start → resolve → confirm; 1 post a week that the scanner makes a lead, triaged (replied to,
 *   or dismissed); marks the inbox read;
 * - the busy topic (year one): every villager on WeChat seconds it, 200 replies, the committee puts it on
 *   the agenda and opens a household poll that every household with a member on WeChat votes in; counted
 *   by the timer, outcome recorded with 5 follow-ups, all done. Then one topic a quarter with 20 seconds and
 *   10 replies keeps the topic documents of later years real.
 * The figure is what the documents ARE after those writes — a document that keeps history grows with them.
 */
import { createHash } from 'node:crypto';
import { startDemoEmulator } from '../demo/start-demo';
import { REGISTER } from '../server/kernel/auth';
import { createSdkStore } from '../server/kernel/sdk-store';
import { generateTownship, type Person } from './day/township';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const STEP = WEEK + HOUR;
const YEARS = 5;
const WEEKS = 52 * YEARS;
const GOAL_KB = 64;
/** kinds reported as figures (collection_kind): what the household, the topic, the book and the grid worker grow */
const FIGURE_KINDS = ['ledger_account', 'ledger_book', 'ledger_goods', 'delib_topic', 'delib_box', 'patrol_settings', 'patrol_message', 'tickets_ticket', 'register_person', 'auditchain_block', 'audit_record'];

type Answer = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `weeks`: 260 for the figure; fewer only to try the module out by hand */
export async function run(weeks = WEEKS): Promise<Record<string, number>> {
  const { emu, sdk } = await startDemoEmulator();
  try {
    const started = performance.now();
    const [village] = generateTownship(1, 300, 2026, 15);
    const store = createSdkStore(sdk.database());
    for (let i = 0; i < village.docs.length; i += 200) await store.createMany(REGISTER, village.docs.slice(i, i + 200));
    const V = village.villageId;

    let seq = 0;
    const refused = new Map<string, number>();
    let calls = 0;
    const call = async (fn: string, who: Person | string, action: string, payload: Record<string, unknown> = {}): Promise<Answer> => {
      const openid = typeof who === 'string' ? who : who.openid!;
      const event = { action, payload: { villageId: V, ...payload }, requestId: `size5y-${(++seq).toString(36)}-${action.slice(0, 20)}` };
      let answer: Answer = { ok: false };
      // a conflict (another write of the same week got there first) is retried with the same requestId, as the client does
      for (let attempt = 0; attempt < 6; attempt++) {
        const out = await emu.invoke(fn, event, { openid });
        calls += 1;
        answer = (out.result ?? { ok: false, error: { code: out.errMsg ?? 'no_result', message: '' } }) as Answer;
        if (answer.ok || answer.error?.code !== 'conflict') break;
      }
      if (!answer.ok) refused.set(`${action}:${answer.error?.code}`, (refused.get(`${action}:${answer.error?.code}`) ?? 0) + 1);
      return answer;
    };
    const must = async (fn: string, who: Person | string, action: string, payload: Record<string, unknown> = {}) => {
      const a = await call(fn, who, action, payload);
      if (!a.ok) throw new Error(`doc-size: ${action} 被拒绝：${a.error?.code} ${a.error?.message}`);
      return a.data;
    };
    // the clock only moves forward: the five years start a day after the emulator's now (which the seed used)
    const START = Math.ceil((emu.clock.now() + DAY) / HOUR) * HOUR;
    const at = (t: number) => emu.clock.set(Math.max(t, emu.clock.now()));
    const tick = async () => void (await emu.runDueTimers());

    const chair = village.committee[0];
    const shop = village.shopkeeper;
    const busy = village.households.find((h) => h.people.filter((p) => p.openid).length >= 3 && h.gridId === `${V}:g1`) ?? village.households.find((h) => h.people.filter((p) => p.openid).length >= 2)!;
    const members = busy.people.filter((p) => p.openid);
    const worker = village.workers.find((w) => w.gridId === busy.gridId) ?? village.workers[0];
    const gridNeighbours = village.online.filter((p) => p.gridId === busy.gridId && p.householdId !== busy.householdId);
    const pick = <T>(list: T[], i: number): T => list[i % list.length];
    /** runs `work` over `items`, `lanes` at a time (seconds and votes of one week arrive together) */
    const lanes = async <T>(items: T[], work: (item: T) => Promise<unknown>, width = 4) => {
      let next = 0;
      await Promise.all(Array.from({ length: width }, async () => {
        while (next < items.length) await work(items[next++]);
      }));
    };

    // the book opened, a claim rule without a limit, goods on the shelf
    at(START - WEEK);
    await must('ledger', chair, 'openLedger');
    const home = await must('ledger', chair, 'ledgerHome');
    const book = await must('ledger', chair, 'saveRule', { baseVersion: home.catalogue.version, category: '志愿服务', name: '五年测试·志愿服务', points: 5, period: 'year', limit: null, source: 'claim', enabled: true, note: '' });
    let bookVersion = book.version as number;
    const rule = book.rules.find((r: { name: string }) => r.name === '五年测试·志愿服务');
    const goods = await must('ledger', shop, 'saveGoods', { name: '大米（10斤）', unit: '袋', price: 5, addStock: 50 });
    const deliberationSettings = async (secondsNeeded: number) => must('deliberation', chair, 'updateSettings', { secondsNeeded, remindBeforeHours: 24, reminderTemplateId: 'size-poll-reminder' });
    await deliberationSettings(500);

    // the busy topic (year one): proposed by the household, seconded by every villager on WeChat, replies
    const topic = await must('deliberation', members[0], 'proposeTopic', { title: '村口修建文化广场', body: '村口空地长期堆放杂物，建议修建文化广场，供老人孩子活动、村里开会。' });
    const seconders = village.online.filter((p) => p.id !== members[0].id);
    const replies = 200;

    let lexiconVersion = (await must('patrol', chair, 'getLexicon')).version as number;
    let thresholdsVersion = ((await must('patrol', chair, 'scannerPrecision')).thresholdsVersion as number | undefined) ?? 0;
    const ticket = async (reporter: Person, w: number, i: number) => {
      const t = await call('grid', reporter, 'submitReport', { categoryId: 'road', text: `第${w + 1}周 路灯不亮（${i}）` });
      if (!t.ok) return;
      const ticketId = t.data.ticketId;
      await call('grid', worker, 'acceptTicket', { ticketId });
      await call('grid', worker, 'startTicket', { ticketId });
      await call('grid', worker, 'resolveTicket', { ticketId, note: '已更换灯泡' });
      await call('grid', reporter, 'confirmTicket', { ticketId, rating: 5, comment: '好了' });
    };

    for (let w = 0; w < weeks; w++) {
      // a week and an hour per step: last week's request markers are then past the 7-day window, as a
      // week's markers are on a document written every day (the week's writes share one instant)
      const week = START + w * STEP;
      at(week);
      const year = Math.floor(w / 52);
      const m = pick(members, w);

      const householdLedger = async () => {
        // claims approved, a redemption checked off, every 4th week one redeemed and cancelled; the shop restocks
        for (let i = 0; i < 2; i++) {
          const c = await call('ledger', pick(members, w + i), 'submitClaim', { ruleId: rule.ruleId, householdId: busy.householdId, note: `第${w + 1}周 清扫村道` });
          if (c.ok) await call('ledger', chair, 'reviewClaim', { householdId: busy.householdId, claimId: c.data.claim.claimId, decision: 'approve' });
        }
        if (w >= 1) {
          const r = await call('ledger', m, 'redeem', { goodsId: goods.goodsId, qty: 1, price: 5 });
          if (r.ok) await call('ledger', shop, 'checkOff', { code: r.data.redemption.code });
          if (w % 4 === 3) {
            const r2 = await call('ledger', m, 'redeem', { goodsId: goods.goodsId, qty: 1, price: 5 });
            if (r2.ok) await call('ledger', m, 'cancelRedemption', { householdId: busy.householdId, redemptionId: r2.data.redemption.redemptionId });
          }
        }
        await call('ledger', m, 'ledgerHome');
        await call('ledger', shop, 'saveGoods', { goodsId: goods.goodsId, name: '大米（10斤）', unit: '袋', price: 5, addStock: 3 });
      };

      const board = async () => {
        // the household posts, a neighbour replies; a post the scanner makes a lead, triaged by the grid worker
        const post = await call('patrol', m, 'createPost', { text: `第${w + 1}周：村东头的小卖部周六进了新货，大家可以去看看` });
        if (post.ok && w % 4 === 0) await call('patrol', pick(gridNeighbours, w), 'createPost', { text: '好的，谢谢告知', replyTo: post.data.postId });
        const hazard = await call('patrol', pick(gridNeighbours, w + 1), 'createPost', { text: `第${w + 1}周：东头组电线杆倒了，电线挂在路边，小孩上学要经过` });
        if (hazard.ok && hazard.data.leadId) {
          if (w % 2 === 0) await call('patrol', worker, 'replyLead', { leadId: hazard.data.leadId, text: '已通知供电所，下午来修' });
          else await call('patrol', worker, 'dismissLead', { leadId: hazard.data.leadId, reason: '已经修好了' });
        }
      };

      // a report a week in the grid, taken through to confirmed: the household's every 2nd week, a neighbour's
      // otherwise (a ticket is its own document and does not grow with the others: more would add time, not size)
      const tickets = () => ticket(w % 2 === 0 ? m : pick(gridNeighbours, w + 2), w, 0);

      const villageBook = async () => {
        if (w % 4 === 0) {
          const saved = await call('ledger', chair, 'saveRule', { ...rule, baseVersion: bookVersion, note: `第${w + 1}周修订` });
          if (saved.ok) bookVersion = saved.data.version;
          const lex = await call('patrol', chair, 'editLexicon', { baseVersion: lexiconVersion, edits: [{ op: 'add', entry: { term: `村口放炮${w}`, category: 'hazard', weight: 6, action: 'flag' } }] });
          if (lex.ok) lexiconVersion = lex.data.version;
        }
        if (w % 13 === 0) {
          const th = await call('patrol', chair, 'setThresholds', { baseVersion: thresholdsVersion, thresholds: { hazard: w % 26 === 0 ? 0.4 : null } });
          if (th.ok) thresholdsVersion = th.data.version;
        }
        if (w % 52 === 10) {
          const h = await call('ledger', chair, 'ledgerHome');
          if (h.ok) {
            const s = await call('ledger', chair, 'saveSettings', { baseVersion: h.data.catalogue.version, publicNoticeDays: 3, yearEnd: 'carry_over' });
            if (s.ok) bookVersion = s.data.version ?? bookVersion;
          }
          await deliberationSettings(year === 0 ? 500 : 20);
        }
      };

      const topics = async () => {
        // the busy topic, year one: seconds and replies over its first ten weeks, then the poll
        if (w < 10) {
          const per = Math.ceil(seconders.length / 10);
          await lanes(seconders.slice(w * per, (w + 1) * per), (p) => call('deliberation', p, 'secondTopic', { topicId: topic.topicId }));
          await lanes(Array.from({ length: replies / 10 }, (_, i) => i), (i) => call('deliberation', pick(village.online, w * 37 + i), 'postReply', { topicId: topic.topicId, text: `第${w + 1}周意见${i + 1}：广场要留出停车的地方，也要装路灯。` }));
        }
        if (w === 10) {
          await call('deliberation', chair, 'putOnAgenda', { topicId: topic.topicId });
          await call('deliberation', chair, 'schedulePoll', {
            topicId: topic.topicId,
            poll: { kind: 'approve', question: '同意在村口修建文化广场吗？', rollType: 'households', quorum: { kind: 'more_than_half' }, threshold: 'majority_cast', secret: true, changeable: true, closesAt: week + 5 * DAY },
          });
          const voters = village.households.map((h) => ({ h, voter: h.people.find((p) => p.openid) })).filter((x) => x.voter);
          await lanes(voters, ({ h, voter }) =>
            call('deliberation', voter!, 'castVote', { topicId: topic.topicId, unitId: h.householdId.replace(/:/g, '~'), choices: ['yes'], nonce: createHash('sha256').update(`size5y|${h.householdId}`).digest('base64url').slice(0, 32) }),
          );
        }
        if (w === 11) {
          await call('deliberation', chair, 'recordOutcome', { topicId: topic.topicId, decision: '村口修建文化广场，明年春天动工。', actions: ['清理杂物', '平整场地', '铺设地面', '安装路灯', '添置健身器材'].map((text) => ({ text })) });
          for (let a = 1; a <= 5; a++) await call('deliberation', chair, 'updateFollowUp', { topicId: topic.topicId, actionId: `a${a}`, done: true });
        }
        // later years: a topic a quarter
        if (w > 52 && w % 13 === 0) {
          const t = await call('deliberation', pick(village.online, w), 'proposeTopic', { title: `第${w + 1}周议题：村道两侧绿化`, body: '建议在村道两侧种树。' });
          if (t.ok) {
            await lanes(Array.from({ length: 20 }, (_, i) => pick(village.online, w + (i + 1) * 7)), (p) => call('deliberation', p, 'secondTopic', { topicId: t.data.topicId }));
            await lanes(Array.from({ length: 10 }, (_, i) => i), (i) => call('deliberation', pick(village.online, w + i * 11), 'postReply', { topicId: t.data.topicId, text: `支持，种桂花树（${i + 1}）` }));
          }
        }
      };

      // the week's streams touch different documents (the ledger's writes stay in one stream): sent side by side
      await Promise.all([householdLedger(), board(), tickets(), villageBook(), topics()]);
      // inboxes read: the household and the grid worker
      await Promise.all([m, worker].map((p) => call('account', p, 'markInboxRead', { upTo: emu.clock.now() })));

      // the week's timers (公示 over → claims posted, polls counted, audit sealed, rollups, settleYear)
      at(week + 6 * DAY);
      await tick();
      if (w % 52 === 51) console.log(`  doc-size: 第 ${(w + 1) / 52} 年完成，${calls} 次调用，${((performance.now() - started) / 1000).toFixed(0)} s`);
    }

    // weigh every document in the store
    const sizes: { collection: string; id: string; kind: string; bytes: number }[] = [];
    for (const collection of emu.store.collectionNames()) {
      for (const doc of emu.store.all(collection)) {
        sizes.push({ collection, id: String(doc._id), kind: kindOf(collection, doc), bytes: Buffer.byteLength(JSON.stringify(doc), 'utf8') });
      }
    }
    sizes.sort((a, b) => b.bytes - a.bytes);
    const kb = (b: number) => Math.round((b / 1024) * 10) / 10;
    const top = sizes.slice(0, 5);
    const seconds = (performance.now() - started) / 1000;
    console.log(`max_doc_kb_after_5y ${kb(top[0]?.bytes ?? 0)} KB（目标 ≤ ${GOAL_KB}）：${calls} 次调用，${sizes.length} 个文档，${seconds.toFixed(0)} s；最大的 5 个：`);
    // why: the three heaviest top-level fields of each (a field that keeps history shows here)
    for (const d of top) {
      const doc = emu.store.all(d.collection).find((x) => String(x._id) === d.id) ?? {};
      const fields = Object.entries(doc)
        .map(([k, v]) => [k, Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8'), Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : null] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3);
      console.log(`  ${d.collection} / ${d.kind} ${d.id}: ${kb(d.bytes)} KB — ${fields.map(([k, b, n]) => `${k} ${kb(b)} KB${n === null ? '' : `（${n} 项）`}`).join('，')}`);
    }
    const over = sizes.filter((d) => d.bytes > GOAL_KB * 1024);
    if (over.length) console.log(`  超过 ${GOAL_KB} KB 的文档 ${over.length} 个：${[...new Set(over.map((d) => `${d.collection}/${d.kind}`))].join('、')}`);
    if (refused.size) console.log(`  被拒绝的调用：${[...refused.entries()].map(([k, n]) => `${k}×${n}`).join('，')}`);
    // a figure from nothing (functions missing, every call refused) must not pass
    if (calls - [...refused.values()].reduce((s, n) => s + n, 0) < weeks * 5) throw new Error(`doc-size: 调用大多被拒绝，数字没有意义：${[...refused.entries()].slice(0, 5).join('；')}`);
    const figures: Record<string, number> = { max_doc_kb_after_5y: kb(top[0]?.bytes ?? 0) };
    // the largest document of each kind the model grows, under names that stay the same from run to run
    const largest = new Map<string, number>();
    for (const d of sizes) if (!largest.has(`${d.collection}_${d.kind}`)) largest.set(`${d.collection}_${d.kind}`, d.bytes);
    console.log(`  每类最大：${[...largest.entries()].map(([k, b]) => `${k} ${kb(b)}`).join('，')}`);
    for (const kind of FIGURE_KINDS) figures[`doc_kb_after_5y_${kind}`] = kb(largest.get(kind) ?? 0);
    return figures;
  } finally {
    await emu.close();
  }
}

/** what a document is: its `kind`, else the tag in its id (`v01:t:…` a ticket), else the collection's one kind */
function kindOf(collection: string, doc: Record<string, unknown>): string {
  if (typeof doc.kind === 'string') return doc.kind;
  if (collection === 'audit') return 'record';
  const tag = String(doc._id).split(':')[1];
  return tag && /^[a-z]{1,12}$/.test(tag) ? tag : '-';
}
