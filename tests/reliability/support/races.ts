/**
 * Races: two people (or a person and a timer) acting on the same thing at the same moment, through the
 * built functions on the emulator (separate function instances, so their DB calls interleave for real).
 * Each kind prepares a fresh target, fires both calls at once and judges:
 * - exclusive decisions: exactly one wins; the other gets a known error (a `conflict` is retried once with
 *   the same requestId, as the client does, and must then be refused for what happened);
 * - the record shows one decision: one audit record (or outbox entry) among the two requests, one ticket
 *   per converted lead, one hold on the last item;
 * - the jobs' invariants hold afterwards (support/invariants.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Emulator } from '../../../emulator';
import { timerTime } from '../../../emulator/timers/scheduler';
import { DEMO_INVITE_CODE, DEMO_OPENIDS as P } from '../../../demo/village';
import { DEMO_SHOPKEEPER_OPENID } from '../../../demo/ledger';
import { allErrorCodes } from './actions';
import { checkInvariants } from './invariants';
import type { Envelope } from './scenarios';

const Q = 'qingshi';
const COMMITTEE_2 = 'demo-qingshi-committee-2';
/** a second grid worker of 第一网格, appointed by the first race that needs one */
const WORKER_2 = 'demo-qingshi-h03-7';
const unitKey = (id: string) => id.replace(/:/g, '~');

export interface Call {
  fn: string;
  /** null: the function's timer trigger */
  openid: string | null;
  event: Record<string, unknown>;
}

export interface RaceSetup {
  a: Call;
  b: Call;
  /** exactly one of the two may succeed (default true) */
  exclusive?: boolean;
  /** extra checks once both answered; returns problems */
  check?: (answers: [Envelope | null, Envelope | null]) => Promise<string[]> | string[];
}

export interface RaceKind {
  name: string;
  setup(w: RaceWorld, round: number): Promise<RaceSetup>;
}

export interface RaceReport {
  kinds: string[];
  pairs: number;
  doubleDecisions: number;
  problems: string[];
}

export class RaceWorld {
  private n = 0;
  constructor(readonly emu: Emulator) {}
  rid(label: string): string {
    return `race-${label}-${++this.n}-${randomBytes(3).toString('hex')}`;
  }
  event(action: string, payload: Record<string, unknown>, label = action): Record<string, unknown> {
    return { action, payload: { villageId: Q, ...payload }, requestId: this.rid(label) };
  }
  async send(c: Call): Promise<Envelope | null> {
    const res = c.openid === null ? await this.emu.invokeTrigger(c.fn, c.event) : await this.emu.invoke(c.fn, c.event, { openid: c.openid });
    return (res.result ?? null) as Envelope | null;
  }
  async ok(fn: string, openid: string, action: string, payload: Record<string, unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const answer = await this.send({ fn, openid, event: this.event(action, payload) });
    if (!answer?.ok) throw new Error(`race setup ${fn}.${action} failed: ${JSON.stringify(answer)}`);
    return answer.data;
  }
  /** how many of these requests left a decision on record: an audit record (any target: a converted lead
   * has one on the lead and one on its ticket) */
  decisions(requestIds: string[]): number {
    const ids = new Set(requestIds);
    const decided = new Set<string>();
    for (const a of this.emu.store.all('audit')) if (ids.has(a.requestId)) decided.add(a.requestId);
    return decided.size;
  }
  private appointed = false;
  async secondWorker(): Promise<string> {
    if (!this.appointed) {
      await this.ok('account', P.committee, 'assignRole', { memberId: `${Q}:u:${WORKER_2}`, role: 'grid_worker', gridIds: [`${Q}:g1`] });
      this.appointed = true;
    }
    return WORKER_2;
  }
}

const ticket = async (w: RaceWorld, round: number, accepted = false) => {
  const t = await w.ok('grid', P.resident, 'submitReport', { categoryId: 'water_power', text: `东头组水管漏水（赛跑${round}-${randomBytes(2).toString('hex')}）` });
  if (accepted) await w.ok('grid', P.gridWorker, 'acceptTicket', { ticketId: t.ticketId });
  return t.ticketId as string;
};

const claim = async (w: RaceWorld, round: number) => {
  const claimants = [P.resident, P.elder, 'demo-qingshi-h06-12', 'demo-qingshi-h10-21', 'demo-qingshi-h03-7'];
  for (const rule of ['r05', 'r04', 'r01']) {
    const answer = await w.send({ fn: 'ledger', openid: claimants[round % claimants.length], event: w.event('submitClaim', { ruleId: rule, note: `赛跑申报 ${round}` }) });
    if (answer?.ok) return answer.data.claim as { householdId: string; claimId: string };
  }
  throw new Error('race setup: no claim could be submitted');
};

const lead = async (w: RaceWorld, round: number) => {
  const post = await w.ok('patrol', P.resident, 'createPost', { text: `西头着火了，电线冒烟（赛跑${round}-${randomBytes(2).toString('hex')}）` });
  return post.postId as string;
};

const topicWithPoll = async (w: RaceWorld, round: number) => {
  const t = await w.ok('deliberation', P.committee, 'proposeTopic', { title: `赛跑议题 ${round}-${randomBytes(2).toString('hex')}`, body: '测试同时投票与截止。' });
  await w.ok('deliberation', P.committee, 'putOnAgenda', { topicId: t.topicId }).catch(() => undefined);
  await w.ok('deliberation', P.committee, 'schedulePoll', {
    topicId: t.topicId,
    poll: { kind: 'approve', question: '同意吗？', rollType: 'households', quorum: { kind: 'more_than_half' }, threshold: 'majority_cast', secret: true, changeable: false, closesAt: w.emu.clock.now() + 3 * 24 * 3600_000 },
  });
  return t.topicId as string;
};

const nonce = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 32);

const goods = async (w: RaceWorld, stock: number) => {
  const g = await w.ok('ledger', DEMO_SHOPKEEPER_OPENID, 'saveGoods', { name: `赛跑毛巾${randomBytes(2).toString('hex')}`, unit: '条', price: 1, addStock: stock });
  return g.goodsId as string;
};

export const RACE_KINDS: RaceKind[] = [
  {
    name: 'two committee members decide the same application (approve / reject)',
    async setup(w, round) {
      const openid = `race-applicant-${round}-${randomBytes(3).toString('hex')}`;
      await w.ok('account', openid, 'joinByInvite', { code: DEMO_INVITE_CODE, name: `赛跑甲${round}` });
      const applicationId = `${Q}:u:${openid}`;
      return {
        a: { fn: 'account', openid: P.committee, event: w.event('reviewApplication', { applicationId, decision: 'approve', householdId: `${Q}:h:h03` }) },
        b: { fn: 'account', openid: COMMITTEE_2, event: w.event('reviewApplication', { applicationId, decision: 'reject', reason: '住址与户籍不符' }) },
      };
    },
  },
  {
    name: 'two committee members decide the same claim (approve / reject)',
    async setup(w, round) {
      const c = await claim(w, round);
      return {
        a: { fn: 'ledger', openid: P.committee, event: w.event('reviewClaim', { ...c, decision: 'approve' }) },
        b: { fn: 'ledger', openid: COMMITTEE_2, event: w.event('reviewClaim', { ...c, decision: 'reject', reason: '请补充照片' }) },
      };
    },
  },
  {
    name: 'two committee members approve the same claim',
    async setup(w, round) {
      const c = await claim(w, round + 100);
      return {
        a: { fn: 'ledger', openid: P.committee, event: w.event('reviewClaim', { ...c, decision: 'approve' }) },
        b: { fn: 'ledger', openid: COMMITTEE_2, event: w.event('reviewClaim', { ...c, decision: 'approve' }) },
      };
    },
  },
  {
    name: 'the grid worker and a committee member accept the same ticket',
    async setup(w, round) {
      const ticketId = await ticket(w, round);
      return {
        a: { fn: 'grid', openid: P.gridWorker, event: w.event('acceptTicket', { ticketId }) },
        b: { fn: 'grid', openid: COMMITTEE_2, event: w.event('acceptTicket', { ticketId }) },
      };
    },
  },
  {
    name: 'a ticket rejected and marked duplicate at once',
    async setup(w, round) {
      const original = await ticket(w, round + 100);
      const ticketId = await ticket(w, round + 200);
      return {
        a: { fn: 'grid', openid: P.gridWorker, event: w.event('markDuplicate', { ticketId, duplicateOf: original }) },
        b: { fn: 'grid', openid: COMMITTEE_2, event: w.event('rejectTicket', { ticketId, reason: '不属于本村', referral: '镇供水站' }) },
      };
    },
  },
  {
    name: 'the worker resolves a ticket while the committee closes it unresolved',
    async setup(w, round) {
      const ticketId = await ticket(w, round, true);
      return {
        a: { fn: 'grid', openid: P.gridWorker, event: w.event('resolveTicket', { ticketId, note: '已修好' }) },
        b: { fn: 'grid', openid: P.committee, event: w.event('closeUnresolved', { ticketId, reason: '需镇里立项' }) },
      };
    },
  },
  {
    name: 'two grid workers convert the same lead',
    async setup(w, round) {
      const second = await w.secondWorker();
      const leadId = await lead(w, round);
      const convert = (openid: string) => ({ fn: 'patrol', openid, event: w.event('convertLead', { leadId, categoryId: 'other', text: `西头着火，需查电线（${round}）` }) });
      return {
        a: convert(P.gridWorker),
        b: convert(second),
        check: () => {
          const tickets = w.emu.store.all('tickets').filter((t) => t.source?.leadId === leadId);
          return tickets.length === 1 ? [] : [`lead ${leadId} became ${tickets.length} tickets`];
        },
      };
    },
  },
  {
    name: 'a grid worker converts a lead while another dismisses it',
    async setup(w, round) {
      const second = await w.secondWorker();
      const leadId = await lead(w, round + 100);
      return {
        a: { fn: 'patrol', openid: P.gridWorker, event: w.event('convertLead', { leadId, categoryId: 'other', text: `西头着火（${round}）` }) },
        b: { fn: 'patrol', openid: second, event: w.event('dismissLead', { leadId, reason: '已经处理过了' }) },
        check: () => {
          const tickets = w.emu.store.all('tickets').filter((t) => t.source?.leadId === leadId);
          const dismissed = w.emu.store.all('patrol').find((d) => d._id === leadId)?.leadStatus === 'dismissed';
          return dismissed && tickets.length ? [`lead ${leadId} dismissed but a ticket was filed`] : [];
        },
      };
    },
  },
  {
    name: 'two households redeem the last item',
    async setup(w) {
      const goodsId = await goods(w, 1);
      return {
        a: { fn: 'ledger', openid: P.resident, event: w.event('redeem', { goodsId, qty: 1, price: 1 }) },
        b: { fn: 'ledger', openid: P.elder, event: w.event('redeem', { goodsId, qty: 1, price: 1 }) },
        check: async (answers) => {
          const docs = w.emu.store.all('ledger');
          const g = docs.find((d) => d._id === goodsId)!;
          const sold = docs.filter((d) => d.kind === 'entry' && d.pickup?.goodsId === goodsId).length;
          const problems = g.stock === 0 && sold === 1 ? [] : [`last item: stock ${g.stock}, redemptions ${sold}`];
          // the winner cancels (a real cancellation, points back), so the long run's 20 rounds leave the
          // households the points the next kinds redeem with
          for (const [i, x] of answers.entries()) {
            if (!x?.ok) continue;
            const { redemption } = x.data as { redemption: { householdId: string; redemptionId: string } };
            await w.ok('ledger', i === 0 ? P.resident : P.elder, 'cancelRedemption', { householdId: redemption.householdId, redemptionId: redemption.redemptionId });
          }
          return problems;
        },
      };
    },
  },
  {
    name: 'the shop checks off a pickup while the household cancels it',
    async setup(w) {
      const goodsId = await goods(w, 3);
      // a won check-off spends the point: over the long run's 20 rounds one household runs dry, so the
      // redemption is made by the first of the households the demo gave points (h02, h01, h25, h10: 27 between
      // them) that still has one
      type Redeemed = { redemption: { code: string; redemptionId: string; householdId: string } };
      let r: Redeemed | null = null;
      let redeemer: string = P.elder;
      for (const openid of [P.elder, P.resident, 'demo-qingshi-h25-49', 'demo-qingshi-h10-21']) {
        const answer = await w.send({ fn: 'ledger', openid, event: w.event('redeem', { goodsId, qty: 1, price: 1 }) });
        if (answer?.ok) {
          r = answer.data as Redeemed;
          redeemer = openid;
          break;
        }
      }
      if (!r) throw new Error('race setup: no household has a point left to redeem');
      return {
        a: { fn: 'ledger', openid: DEMO_SHOPKEEPER_OPENID, event: w.event('checkOff', { code: r.redemption.code }) },
        b: { fn: 'ledger', openid: redeemer, event: w.event('cancelRedemption', { householdId: r.redemption.householdId, redemptionId: r.redemption.redemptionId }) },
      };
    },
  },
  {
    name: 'the same request sent twice at once (one ticket)',
    async setup(w, round) {
      const event = w.event('submitReport', { categoryId: 'road', text: `路上有坑（同时重发${round}）` });
      return {
        a: { fn: 'grid', openid: P.resident, event },
        b: { fn: 'grid', openid: P.resident, event },
        exclusive: false,
        check: (answers) => {
          const ids = new Set(answers.filter((x) => x?.ok).map((x) => x!.data.ticketId));
          const stored = w.emu.store.all('tickets').filter((t) => t.text === (event.payload as { text: string }).text).length;
          return stored === 1 && ids.size <= 1 ? [] : [`one request made ${stored} tickets (${ids.size} ids answered)`];
        },
      };
    },
  },
  {
    name: 'a vote races the committee closing the poll',
    async setup(w, round) {
      const topicId = await topicWithPoll(w, round);
      return {
        a: { fn: 'deliberation', openid: P.resident, event: w.event('castVote', { topicId, unitId: unitKey(`${Q}:h:h01`), choices: ['yes'], nonce: nonce(`race-${round}-${topicId}`) }) },
        b: { fn: 'deliberation', openid: P.committee, event: w.event('closePoll', { topicId }) },
        exclusive: false,
        check: async (answers) => {
          // count it (the timer counts a closed poll), then: a vote that was accepted is counted, a refused one is not
          w.emu.clock.advance(60_000);
          await w.emu.invokeTrigger('deliberation', { Type: 'Timer', TriggerName: 'pollClock', Time: timerTime(w.emu.clock.now()) });
          const topic = w.emu.store.all('delib').find((d) => d._id === topicId);
          const counted = topic?.poll?.results?.ballots;
          const accepted = answers[0]?.ok ? 1 : 0;
          if (answers[1]?.ok !== true) return [`closePoll refused: ${JSON.stringify(answers[1])}`];
          return counted === accepted ? [] : [`vote accepted ${accepted}, counted ${counted}`];
        },
      };
    },
  },
  {
    name: 'two committee members close the same poll',
    async setup(w, round) {
      const topicId = await topicWithPoll(w, round + 100);
      return {
        a: { fn: 'deliberation', openid: P.committee, event: w.event('closePoll', { topicId }) },
        b: { fn: 'deliberation', openid: COMMITTEE_2, event: w.event('closePoll', { topicId }) },
      };
    },
  },
  {
    name: 'a redemption races the year-end settlement (expire)',
    async setup(w) {
      const home = await w.ok('ledger', P.committee, 'ledgerHome', {});
      if (home.catalogue.settings.yearEnd !== 'expire') {
        await w.ok('ledger', P.committee, 'saveSettings', { baseVersion: home.catalogue.version, publicNoticeDays: home.catalogue.settings.publicNoticeDays, yearEnd: 'expire' });
      }
      const goodsId = await goods(w, 5);
      // 00:10 on the 1st of the next January (Beijing), a year further each round
      const year = new Date(w.emu.clock.now() + 8 * 3600_000).getUTCFullYear() + 1;
      w.emu.clock.set(Date.UTC(year, 0, 1, 0, 10) - 8 * 3600_000);
      return {
        a: { fn: 'ledger', openid: P.resident, event: w.event('redeem', { goodsId, qty: 1, price: 1 }) },
        b: { fn: 'ledger', openid: null, event: { Type: 'Timer', TriggerName: 'settleYear', Time: timerTime(w.emu.clock.now()) } },
        exclusive: false,
        check: () => {
          const settles = w.emu.store.all('ledger').filter((d) => d.kind === 'entry' && d.householdId === `${Q}:h:h01` && d.entryId === `settle:${year - 1}`).length;
          return settles <= 1 ? [] : [`settled ${settles} times`];
        },
      };
    },
  },
];

const KNOWN_CODES = allErrorCodes();
const known = (a: Envelope | null) => !!a && (a.ok === true || (a.ok === false && !!a.error && KNOWN_CODES.has(a.error.code) && a.error.code !== 'internal'));

export async function runRaces(emu: Emulator, rounds: number, log: (line: string) => void = () => undefined): Promise<RaceReport> {
  const w = new RaceWorld(emu);
  const report: RaceReport = { kinds: [], pairs: 0, doubleDecisions: 0, problems: [] };
  for (const kind of RACE_KINDS) {
    report.kinds.push(kind.name);
    for (let round = 0; round < rounds; round++) {
      const s = await kind.setup(w, round);
      const problem = (p: string) => report.problems.push(`${kind.name} #${round}: ${p}`);
      let answers = (await Promise.all([w.send(s.a), w.send(s.b)])) as [Envelope | null, Envelope | null];
      report.pairs += 1;
      // a conflict is the client's cue to retry with the same requestId: it must then say what happened
      answers = (await Promise.all(answers.map((x, i) => (x?.ok === false && x.error?.code === 'conflict' ? w.send(i === 0 ? s.a : s.b) : x)))) as typeof answers;
      for (const x of answers) if (!known(x)) problem(`unclear answer ${JSON.stringify(x).slice(0, 200)}`);
      if (s.exclusive !== false) {
        const wins = answers.filter((x) => x?.ok).length;
        if (wins !== 1) problem(`${wins} winners: ${JSON.stringify(answers.map((x) => (x?.ok ? 'ok' : x?.error?.code)))}`);
        const decided = w.decisions([s.a.event.requestId as string, s.b.event.requestId as string]);
        if (wins > 1 || decided > 1) report.doubleDecisions += 1;
        if (decided !== 1) problem(`${decided} decision records`);
      }
      for (const p of (await s.check?.(answers)) ?? []) {
        problem(p);
        report.doubleDecisions += 1;
      }
      for (const v of checkInvariants(emu.store)) problem(`${v.job}.${v.rule}: ${v.detail}`);
    }
    log(`${kind.name}: ${rounds} rounds`);
  }
  return report;
}
