/**
 * The jobs' invariants, read from the stored documents by what they mean (not by how one version of a
 * command writes them), so that a crash at any point can be judged:
 * - ledger: every household balance ≥ 0 and equal to the sum of its entries (one document each), the
 *   entries numbered 1…n on the account with each running balance right, no entry twice; a redemption has
 *   its debit, a cancelled one its refund (and only a cancelled one); goods stock ≥ 0;
 * - deliberation: one ballot per roll unit — every unit marked voted holds its sealed ballot until the count,
 *   and once the box is written the units voted, the ballots in the box and the poll's count agree; a counted
 *   result sums to no more ballots than were cast;
 * - grid: a ticket's state is a known state in its bucket, and its trail of transitions (audit records)
 *   follows the transition table (server/grid/transitions.ts) from `submitted`;
 * - audit: one record per (target, request) — guaranteed by its id, checked anyway.
 * Each violation names its job and rule.
 */
import type { SqliteStore } from '../../../emulator/store/sqlite-store';
import { BUCKET_OF, TRANSITIONS, type TicketStatus } from '../../../server/grid/transitions';

export interface Violation {
  job: string;
  rule: string;
  detail: string;
}

type AnyDoc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const docsOf = (store: SqliteStore, collection: string): AnyDoc[] => (store.hasCollection(collection) ? store.all(collection) : []);

export function checkInvariants(store: SqliteStore): Violation[] {
  const out: Violation[] = [];
  const v = (job: string, rule: string, detail: string) => out.push({ job, rule, detail });
  const audit = docsOf(store, 'audit');
  ledgerInvariants(docsOf(store, 'ledger'), v);
  deliberationInvariants(docsOf(store, 'delib'), v);
  gridInvariants(docsOf(store, 'tickets'), audit, v);
  auditInvariants(audit, v);
  return out;
}

type Report = (job: string, rule: string, detail: string) => void;

function ledgerInvariants(docs: AnyDoc[], v: Report): void {
  const entriesOf = new Map<string, AnyDoc[]>();
  for (const e of docs.filter((d) => d.kind === 'entry')) entriesOf.set(e.householdId, [...(entriesOf.get(e.householdId) ?? []), e]);
  for (const acct of docs.filter((d) => d.kind === 'account')) {
    const legs = (entriesOf.get(acct.householdId) ?? []).sort((a, b) => a.seq - b.seq);
    entriesOf.delete(acct.householdId);
    if (acct.balance < 0) v('ledger', 'balance_negative', `${acct._id} ${acct.balance}`);
    const sum = legs.reduce((s, l) => s + l.amount, 0);
    if (sum !== acct.balance) v('ledger', 'balance_not_sum_of_legs', `${acct._id} balance ${acct.balance} entries ${sum}`);
    if (legs.length !== (acct.entries ?? 0)) v('ledger', 'entries_miscounted', `${acct._id} entries ${acct.entries} documents ${legs.length}`);
    let running = 0;
    const ids = new Set<string>();
    for (const [i, leg] of legs.entries()) {
      running += leg.amount;
      if (leg.seq !== i + 1) v('ledger', 'entry_out_of_sequence', `${acct._id} ${leg.entryId} seq ${leg.seq}`);
      if (leg.balanceAfter !== running) v('ledger', 'running_balance_wrong', `${acct._id} ${leg.entryId}`);
      if (ids.has(leg.entryId)) v('ledger', 'entry_twice', `${acct._id} ${leg.entryId}`);
      ids.add(leg.entryId);
    }
    for (const leg of legs.filter((l) => l.pickup)) {
      const r = leg.pickup;
      if (leg.amount !== -r.total) v('ledger', 'redemption_without_debit', `${acct._id} ${r.redemptionId}`);
      const refunded = ids.has(`cancel:${r.redemptionId}`);
      if (r.status === 'cancelled' && !refunded) v('ledger', 'cancelled_without_refund', `${acct._id} ${r.redemptionId}`);
      if (r.status !== 'cancelled' && refunded) v('ledger', 'refund_without_cancellation', `${acct._id} ${r.redemptionId}`);
    }
  }
  // an entry whose household has no account: a posting that landed without its balance
  for (const [householdId, legs] of entriesOf) v('ledger', 'entries_without_account', `${householdId} ${legs.length}`);
  for (const g of docs.filter((d) => d.kind === 'goods')) {
    if (g.stock < 0) v('ledger', 'stock_negative', `${g._id} ${g.stock}`);
  }
}

function deliberationInvariants(docs: AnyDoc[], v: Report): void {
  // a roll kept as one document per unit (kind 'unit', its roll's id): the units of the roll the poll names
  // that are marked voted are the ballots cast — a counted result holds exactly those, none twice
  const units = new Map<string, AnyDoc[]>();
  for (const u of docs.filter((d) => d.kind === 'unit')) {
    const key = `${u.topicId}|${u.rollId}`;
    units.set(key, [...(units.get(key) ?? []), u]);
  }
  for (const topic of docs.filter((d) => d.kind === 'topic' && d.poll?.rollId && !d.roll)) {
    const list = units.get(`${topic._id}|${topic.poll.rollId}`) ?? [];
    const voted = list.filter((u) => u.v === true).length;
    const ids = new Set(list.map((u) => String(u.unitId ?? u._id)));
    if (ids.size !== list.length) v('deliberation', 'unit_twice_in_roll', `${topic._id}`);
    const results = topic.poll.results;
    if (results && typeof results.ballots === 'number' && results.ballots !== voted) {
      v('deliberation', 'counted_ballots_not_voted_units', `${topic._id} counted ${results.ballots}, units voted ${voted}`);
    }
    if (typeof topic.poll.rollSize === 'number' && list.length && list.length !== topic.poll.rollSize) {
      v('deliberation', 'roll_size_not_units', `${topic._id} rollSize ${topic.poll.rollSize}, units ${list.length}`);
    }
  }
  for (const topic of docs.filter((d) => d.kind === 'topic' && d.poll && d.roll)) {
    // the roll is one document per unit (of the poll's roll id); the box, the opened ballots, is written by the count
    const rollId = topic.poll.rollId;
    const units = docs.filter((d) => d.kind === 'unit' && d.topicId === topic._id && d.rollId === rollId);
    const voted = units.filter((u) => u.v === true).length;
    if (!topic.poll.boxedAt) {
      for (const u of units) if (u.v === true && !u.sealed) v('deliberation', 'vote_without_ballot', `${u._id} voted without a sealed ballot`);
    } else {
      const ballots = docs.filter((d) => d.kind === 'box' && d.topicId === topic._id && d.rollId === rollId).reduce((s, b) => s + (Array.isArray(b.ballots) ? b.ballots.length : 0), 0);
      if (ballots !== voted) v('deliberation', 'ballots_not_one_per_voted_unit', `${topic._id} units voted ${voted} ballots ${ballots}`);
      if (topic.poll.nBallots !== voted) v('deliberation', 'poll_count_not_voted_units', `${topic._id} nBallots ${topic.poll.nBallots} units voted ${voted}`);
    }
    const results = topic.poll.results;
    if (results && typeof results.ballots === 'number') {
      if (results.ballots > voted) v('deliberation', 'result_counts_more_than_cast', `${topic._id} ${results.ballots} > ${voted}`);
      const maxChoices = topic.poll.maxChoices ?? 1;
      const counted = Object.values((results.counts ?? {}) as Record<string, number>).reduce((s, n) => s + n, 0);
      if (counted > results.ballots * Math.max(1, maxChoices)) v('deliberation', 'counts_exceed_ballots', `${topic._id} ${counted} > ${results.ballots}×${maxChoices}`);
    }
  }
}

const ALLOWED = new Set<string>();
for (const t of Object.values(TRANSITIONS)) for (const from of t.from) ALLOWED.add(`${from}>${t.to}`);

function gridInvariants(tickets: AnyDoc[], audit: AnyDoc[], v: Report): void {
  const trail = new Map<string, AnyDoc[]>();
  for (const a of audit) {
    if (!a.details || typeof a.details.to !== 'string' || typeof a.details.from !== 'string') continue;
    const list = trail.get(a.targetId) ?? [];
    list.push(a);
    trail.set(a.targetId, list);
  }
  for (const t of tickets.filter((d) => d.kind === 'ticket')) {
    const status = t.status as TicketStatus;
    if (!(status in BUCKET_OF)) {
      v('grid', 'unknown_state', `${t._id} ${status}`);
      continue;
    }
    if (t.bucket !== BUCKET_OF[status]) v('grid', 'bucket_not_of_state', `${t._id} ${status} in ${t.bucket}`);
    for (const a of trail.get(t._id) ?? []) {
      if (!ALLOWED.has(`${a.details.from}>${a.details.to}`)) v('grid', 'transition_not_in_table', `${t._id} ${a.details.from}→${a.details.to} (${a.action})`);
    }
  }
}

function auditInvariants(audit: AnyDoc[], v: Report): void {
  const seen = new Set<string>();
  for (const a of audit) {
    const key = `${a.targetId}#${a.requestId}`;
    if (seen.has(key)) v('audit', 'two_records_for_one_change', key);
    seen.add(key);
  }
}
