/**
 * Grid tickets through the real router over the demo township (memory store): reporting and its bad
 * input, 代报, routing, every row of the transition table (allowed and refused), races, retries,
 * deadlines and escalation on a moved clock, confirmation events, subscribe consents, 附议, the board.
 */
import { suggestCategory } from '../../../server/grid/catalogue';
import { DEMO_OPENIDS as P } from '../../../demo/village';
import { DEMO_TICKET_TEMPLATE } from '../../../demo/grid';
import type { GridAction } from './harness';
import { TICKET_STATUS, TRANSITIONS, bucketOf, type TicketStatus, type TransitionAction } from '../../../server/grid/transitions';
import { codeOf, DAY, gridHarness, HOUR, Q, type GridHarness } from './harness';
import { fileOf, rid } from '../server/harness';

const WORKER2 = 'demo-qingshi-gridworker-2'; // 高建华, grids 3 and 4: an outsider to grid 1
const me = (openid: string) => `${Q}:u:${openid}`;
const pipe = { categoryId: 'water_power', text: '东头组1号门口水管爆了，一直在冒水' };

let h: GridHarness;
beforeEach(async () => {
  h = await gridHarness();
});

async function report(openid: string = P.resident, extra: Record<string, unknown> = {}) {
  return h.gridOk(openid, 'submitReport', { ...pipe, ...extra } as never);
}

describe('reporting', () => {
  it('a resident reports; the ticket goes to her grid’s worker queue with deadlines, one audit record, 3 round trips', async () => {
    const out = await report(P.resident, { subscribe: { templateIds: [DEMO_TICKET_TEMPLATE] } });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(out).toMatchObject({ status: 'submitted', bucket: 'open', categoryId: 'water_power', gridId: `${Q}:g1`, route: 'grid_worker', dueKind: 'accept', dueAt: h.now.value + 4 * HOUR });
    const t = h.ticket(out.ticketId);
    expect(t).toMatchObject({ reporterId: me(P.resident), reportedBy: null, consents: [{ templateId: DEMO_TICKET_TEMPLATE, usedAt: null, openid: P.resident }] });
    expect(h.auditFor(out.ticketId)).toMatchObject([{ action: 'submitReport', actorId: me(P.resident), notify: [`${Q}:g1#grid_worker`] }]);
    // the grid's worker sees it in the due list
    const due = await h.gridOk(P.gridWorker, 'listDueTickets', {});
    expect(due.items.map((i) => i.ticketId)).toContain(out.ticketId);
  });

  it('suggests the category from the words (the pure function the report page runs on the catalogue it was given)', async () => {
    const setup = await h.gridOk(P.resident, 'reportSetup', {});
    expect(suggestCategory('村口垃圾好几天没人清运，很臭', setup.categories)).toBe('sanitation');
  });

  it('a spot on the map decides the grid; a spot outside the village is refused and nothing is written', async () => {
    const west = await report(P.resident, { place: { kind: 'point', latitude: 30.0459, longitude: 119.9522, name: '西头组路口' } });
    expect(west.gridId).toBe(`${Q}:g2`);
    const before = h.snapshot();
    const far = await h.grid(P.resident, 'submitReport', { ...pipe, place: { kind: 'point', latitude: 31.23, longitude: 121.47 } });
    expect(codeOf(far)).toBe('place_outside_village');
    expect(far.ok ? '' : far.error.message).toMatch(/不在本村范围/);
    expect(h.snapshot()).toBe(before);
  });

  it.each([
    ['missing category', { text: '水管爆了' }, 'category_required'],
    ['unknown category', { categoryId: 'ufo', text: '水管爆了' }, 'category_unknown'],
    ['neither words nor voice', { categoryId: 'road', text: '   ' }, 'report_empty'],
    ['oversize text', { categoryId: 'road', text: '路'.repeat(501) }, 'text_too_long'],
    ['a photo of the wrong type', { ...pipe, photos: [{ fileId: fileOf(Q, P.resident, 'photo/2025-05/a.gif'), bytes: 1000 }] }, 'photo_type_not_allowed'],
    ['a photo too large', { ...pipe, photos: [{ fileId: fileOf(Q, P.resident, 'photo/2025-05/a.jpg'), bytes: 6 * 1024 * 1024 }] }, 'photo_too_large'],
    ['seven photos', { ...pipe, photos: Array.from({ length: 7 }, (_, i) => ({ fileId: fileOf(Q, P.resident, `photo/${i}.jpg`), bytes: 10 })) }, 'too_many_photos'],
    ['a voice note over a minute', { categoryId: 'road', voice: { fileId: fileOf(Q, P.resident, 'voice/a.mp3'), durationS: 75, bytes: 1000 } }, 'voice_too_long'],
    ['a voice note of the wrong type', { categoryId: 'road', voice: { fileId: fileOf(Q, P.resident, 'voice/a.exe'), durationS: 5, bytes: 1000 } }, 'voice_type_not_allowed'],
  ])('refuses %s with a clear code and writes nothing', async (_label, payload, code) => {
    const before = h.snapshot();
    const answer = await h.grid(P.resident, 'submitReport', payload as never);
    expect(codeOf(answer)).toBe(code);
    expect(answer.ok ? '' : answer.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(h.snapshot()).toBe(before);
  });

  it('risky words are refused by the content check', async () => {
    const before = h.snapshot();
    expect(codeOf(await h.grid(P.resident, 'submitReport', { categoryId: 'other', text: '加群刷单返利日结' }))).toBe('content_risky');
    expect(h.snapshot()).toBe(before);
  });

  it('the same requestId twice makes one ticket; other content under it is refused', async () => {
    const id = rid('same');
    const first = await h.gridOk(P.resident, 'submitReport', pipe, id);
    const again = await h.gridOk(P.resident, 'submitReport', pipe, id);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(again).toEqual(first);
    expect(codeOf(await h.grid(P.resident, 'submitReport', { ...pipe, text: '别的事' }, id))).toBe('exists_with_different_content');
    expect(h.store.all('tickets').filter((t) => t._id === first.ticketId)).toHaveLength(1);
    expect(h.auditFor(first.ticketId)).toHaveLength(1);
  });

  it('a retry after a crash between the audit record and the ticket finishes the ticket', async () => {
    const id = rid('heal');
    h.wrap((s) => ({ ...bind(s), create: async (c, d) => { if (c === 'tickets') throw new Error('crash'); return s.create(c, d); } }));
    expect(codeOf(await h.grid(P.resident, 'submitReport', pipe, id))).toBe('internal');
    h.wrap((s) => s);
    const out = await h.gridOk(P.resident, 'submitReport', pipe, id);
    expect(h.ticket(out.ticketId).status).toBe('submitted');
    expect(h.auditFor(out.ticketId)).toHaveLength(1);
  });

  it('a grid worker reports for an offline resident of their grid (代报), with the consent on record', async () => {
    const offline = h.store.all('register').find((d) => d.name === '王德福')!;
    const out = await h.gridOk(P.gridWorker, 'submitReport', { categoryId: 'unsafe_house', text: '后墙裂缝', onBehalfOf: { residentId: offline._id, consent: 'in_person', consentNote: '走访时同意' } });
    expect(out.route).toBe('committee');
    const t = h.ticket(out.ticketId);
    expect(t).toMatchObject({ reporterId: offline._id, reporterOffline: true, reportedById: me(P.gridWorker), reportedBy: { consent: 'in_person', consentNote: '走访时同意', name: '张建军' } });
    expect(h.auditFor(out.ticketId)[0]).toMatchObject({ onBehalfOf: offline._id, details: { consent: 'in_person' }, notify: [`${Q}#committee`] });
    expect(h.auditFor(out.ticketId)[0].summary).toMatch(/张建军 代 王德福 上报.*当面同意/);
    // the worker finds it among the tickets they reported
    expect((await h.gridOk(P.gridWorker, 'listMyTickets', {})).items.map((i) => i.ticketId)).toContain(out.ticketId);
  });

  it('代报 is refused outside the worker’s grids and for plain residents', async () => {
    const g3 = h.store.all('register').find((d) => d.name === '邓凤英')!;
    expect(codeOf(await h.grid(P.gridWorker, 'submitReport', { ...pipe, onBehalfOf: { residentId: g3._id, consent: 'phone' } }))).toBe('not_your_resident');
    const neighbour = h.store.all('register').find((d) => d.name === '王德福')!;
    expect(codeOf(await h.grid(P.resident, 'submitReport', { ...pipe, onBehalfOf: { residentId: neighbour._id, consent: 'phone' } }))).toBe('not_your_resident');
  });

  it('a member of another village reads nothing here', async () => {
    const out = await report();
    expect(codeOf(await h.grid(P.otherVillager, 'getTicket', { ticketId: out.ticketId }))).toBe('not_member');
    expect(codeOf(await h.grid(P.otherVillager, 'submitReport', pipe))).toBe('not_member');
  });
});

// ─── every row of the transition table, from every state, by who may and who may not ─────────────

const COMMANDS = Object.fromEntries(Object.entries(TRANSITIONS).map(([k, t]) => [k, t.command])) as Record<TransitionAction, GridAction>;
const PAYLOADS: Record<Exclude<TransitionAction, 'expire_unconfirmed'>, (other: string) => Record<string, unknown>> = {
  accept: () => ({}),
  start: () => ({}),
  resolve: () => ({ note: '已更换水管', photos: [] }),
  reject: () => ({ reason: '属于自来水公司管网', referral: '自来水公司 96390' }),
  duplicate: (other) => ({ duplicateOf: other }),
  transfer: () => ({ reason: '在河滨组', to: { kind: 'grid', gridId: `${Q}:g3` } }),
  close_unresolved: () => ({ reason: '需要镇里立项，暂时无法解决' }),
  confirm: () => ({ rating: 4, comment: '修好了' }),
  reopen: () => ({ reason: '又漏了' }),
};
const STATES = Object.keys(TICKET_STATUS) as TicketStatus[];
const USER_ACTIONS = (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => a !== 'expire_unconfirmed') as (keyof typeof PAYLOADS)[];

/** A ticket of 王小梅's in grid 1, put into `status` (held by 张建军 once past submitted). */
async function ticketIn(status: TicketStatus): Promise<string> {
  const out = await report();
  const t = h.ticket(out.ticketId);
  h.store.seed('tickets', [{ ...t, status, bucket: bucketOf(status), ...(status === 'submitted' ? {} : { assigneeId: me(P.gridWorker), assigneeName: '张建军' }) }]);
  return out.ticketId;
}

const actorFor: Record<string, string> = { handler: P.gridWorker, committee: P.committee, reporter: P.resident };

describe('the transition table', () => {
  for (const action of USER_ACTIONS) {
    const t = TRANSITIONS[action];
    for (const from of STATES) {
      const allowed = (t.from as readonly string[]).includes(from);
      it(`${action} (${t.label}) from ${from}: ${allowed ? `allowed to ${t.who.join('/')}, refused to others` : 'refused'}`, async () => {
        const other = await report(P.elder);
        const ticketId = await ticketIn(from);
        // someone without the role: never
        const outsider = (t.who as readonly string[]).includes('reporter') ? P.gridWorker : P.resident;
        const refused = await h.grid(outsider, COMMANDS[action], { ticketId, ...PAYLOADS[action](other.ticketId) } as never);
        expect(codeOf(refused)).toBe('transition_not_allowed');
        expect(codeOf(await h.grid(WORKER2, COMMANDS[action], { ticketId, ...PAYLOADS[action](other.ticketId) } as never))).toBe('transition_not_allowed');
        // someone with the role: only from the table's states
        const before = h.ticket(ticketId);
        const answer = await h.grid(actorFor[t.who[0]], COMMANDS[action], { ticketId, ...PAYLOADS[action](other.ticketId) } as never);
        if (allowed) {
          expect(codeOf(answer)).toBe('ok');
          expect(h.lastCalls.length).toBeLessThanOrEqual(3);
          expect(h.ticket(ticketId)).toMatchObject({ status: t.to, bucket: bucketOf(t.to) });
          expect(h.auditFor(ticketId).at(-1)).toMatchObject({ action: COMMANDS[action], details: { from, to: t.to, transition: action } });
        } else {
          expect(codeOf(answer)).toBe('transition_not_allowed');
          expect(h.ticket(ticketId)).toEqual(before);
        }
      });
    }
  }

  it('the committee may take every handler step too', async () => {
    const id = await ticketIn('submitted');
    await h.gridOk(P.committee, 'acceptTicket', { ticketId: id });
    expect(h.ticket(id).assigneeId).toBe(me(P.committee));
  });

  it('a grid worker confirms for an offline reporter (代办), marked so', async () => {
    const offline = h.store.all('register').find((d) => d.name === '王德福')!;
    const out = await h.gridOk(P.gridWorker, 'submitReport', { ...pipe, onBehalfOf: { residentId: offline._id, consent: 'in_person' } });
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId });
    await h.gridOk(P.gridWorker, 'resolveTicket', { ticketId: out.ticketId, note: '修好了' });
    await h.gridOk(P.gridWorker, 'confirmTicket', { ticketId: out.ticketId, rating: 5 });
    expect(h.ticket(out.ticketId).rating).toMatchObject({ stars: 5, onBehalf: true });
    expect(h.auditFor(out.ticketId).at(-1)).toMatchObject({ onBehalfOf: offline._id, event: { type: 'ticket_confirmed', residentId: offline._id } });
  });
});

describe('the whole way: report → accept → resolve → confirm', () => {
  it('every step within 3 round trips, the reporter told, a verified event for the 道德银行, one message per consent', async () => {
    const out = await report(P.resident, { subscribe: { templateIds: [DEMO_TICKET_TEMPLATE] } });
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    // the consent is spent on the first change: one message, marked used
    expect(h.openapi.sent).toMatchObject([{ touser: P.resident, templateId: DEMO_TICKET_TEMPLATE, data: { phrase2: { value: '已受理' } } }]);
    expect(h.ticket(out.ticketId).consents[0].usedAt).toBe(h.now.value);
    expect(h.ticket(out.ticketId)).toMatchObject({ dueKind: 'resolve', dueAt: h.now.value + 3 * DAY });
    await h.gridOk(P.gridWorker, 'startTicket', { ticketId: out.ticketId });
    await h.gridOk(P.gridWorker, 'resolveTicket', { ticketId: out.ticketId, note: '换了新水管', photos: [{ fileId: fileOf(Q, P.gridWorker, 'photo/fixed.jpg'), bytes: 300_000 }] });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.openapi.sent).toHaveLength(1);
    const notices = h.auditFor(out.ticketId).at(-1)!;
    expect(notices.notify).toContain(me(P.resident));

    const detail = await h.gridOk(P.resident, 'getTicket', { ticketId: out.ticketId });
    expect(detail.allowed.sort()).toEqual(['confirm', 'reopen']);
    expect(detail.resolutionPhotos).toEqual([fileOf(Q, P.gridWorker, 'photo/fixed.jpg')]);
    expect(detail.timeline.map((e) => e.action)).toEqual(['submitReport', 'acceptTicket', 'startTicket', 'resolveTicket']);

    const confirmId = rid('confirm');
    await h.gridOk(P.resident, 'confirmTicket', { ticketId: out.ticketId, rating: 5, comment: '很及时' }, confirmId);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    const resident = h.store.all('register').find((d) => d._id === me(P.resident))!;
    expect(h.auditFor(out.ticketId).at(-1)).toMatchObject({
      event: { type: 'ticket_confirmed', residentId: me(P.resident), householdId: resident.householdId, sourceKey: `ticket_confirmed:${out.ticketId}` },
      onBehalfOf: null,
    });
    // a retry answers the same and adds nothing
    await h.gridOk(P.resident, 'confirmTicket', { ticketId: out.ticketId, rating: 5, comment: '很及时' }, confirmId);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.auditFor(out.ticketId).filter((a) => a.event)).toHaveLength(1);
  });

  it('a reopened ticket goes back to its handler with a fresh resolve deadline', async () => {
    const id = await ticketIn('resolved');
    h.now.value += HOUR;
    await h.gridOk(P.resident, 'reopenTicket', { ticketId: id, reason: '还是漏水' });
    expect(h.ticket(id)).toMatchObject({ status: 'reopened', bucket: 'open', assigneeId: me(P.gridWorker), dueKind: 'resolve', dueAt: h.now.value + 3 * DAY });
    expect((await h.gridOk(P.gridWorker, 'getTicket', { ticketId: id })).allowed).toContain('start');
  });

  it('a transfer hands the ticket to another grid, with the reason, to be accepted afresh', async () => {
    const id = await ticketIn('accepted');
    await h.gridOk(P.gridWorker, 'transferTicket', { ticketId: id, reason: '问题在河滨组', to: { kind: 'grid', gridId: `${Q}:g3` } });
    expect(h.ticket(id)).toMatchObject({ status: 'submitted', gridId: `${Q}:g3`, assigneeId: null, route: 'grid_worker' });
    expect(h.auditFor(id).at(-1)!.notify).toContain(`${Q}:g3#grid_worker`);
    expect(h.auditFor(id).at(-1)!.summary).toMatch(/问题在河滨组/);
    await h.gridOk(WORKER2, 'acceptTicket', { ticketId: id });
    expect(codeOf(await h.grid(WORKER2, 'transferTicket', { ticketId: id, reason: 'x', to: { kind: 'member', memberId: `${Q}:u:nobody` } }))).toBe('transfer_target_invalid');
    await h.gridOk(WORKER2, 'transferTicket', { ticketId: id, reason: '需要村委协调', to: { kind: 'member', memberId: me(P.committee) } });
    expect(h.ticket(id)).toMatchObject({ assigneeId: me(P.committee), route: 'committee', status: 'submitted' });
  });
});

describe('races and retries', () => {
  it('two handlers accepting at once: one wins, the other hears who was first', async () => {
    const out = await report();
    const [a, b] = await Promise.all([h.grid(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId }), h.grid(P.committee, 'acceptTicket', { ticketId: out.ticketId })]);
    const codes = [codeOf(a), codeOf(b)].sort();
    expect(codes).toEqual(['already_accepted', 'ok']);
    expect(h.auditFor(out.ticketId).filter((r) => r.action === 'acceptTicket')).toHaveLength(1);
  });

  it('a retried transition answers the same without a second change', async () => {
    const out = await report();
    const id = rid('accept');
    const first = await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId }, id);
    expect(await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId }, id)).toEqual(first);
    expect(h.auditFor(out.ticketId).filter((r) => r.action === 'acceptTicket')).toHaveLength(1);
  });
});

describe('deadlines and escalation on a moved clock', () => {
  it('reminds before the accept deadline, escalates to the committee when overdue, then to the township', async () => {
    const out = await report();
    const t0 = h.now.value;
    h.now.value = t0 + 3 * HOUR + 1; // 1 h before the 4 h deadline
    await h.sweep();
    expect(h.ticket(out.ticketId)).toMatchObject({ reminded: true, escalation: 0 });
    expect(h.auditFor(out.ticketId).at(-1)).toMatchObject({ actorId: 'system', notify: [`${Q}:g1#grid_worker`] });
    expect(h.auditFor(out.ticketId).at(-1)!.summary).toMatch(/提醒/);

    h.now.value = t0 + 4 * HOUR + 1;
    await h.sweep();
    expect(h.ticket(out.ticketId)).toMatchObject({ escalation: 1, status: 'submitted' });
    expect(h.auditFor(out.ticketId).at(-1)!.notify).toEqual([`${Q}:g1#grid_worker`, `${Q}#committee`]);
    // the same tick again changes nothing
    const count = h.auditFor(out.ticketId).length;
    await h.sweep();
    expect(h.auditFor(out.ticketId)).toHaveLength(count);

    h.now.value = t0 + 4 * HOUR + DAY + 2;
    await h.sweep();
    expect(h.ticket(out.ticketId)).toMatchObject({ escalation: 2 });
    expect(h.auditFor(out.ticketId).at(-1)!.notify).toContain(`${Q}#township`);
    // the township's staff see it in their list, and their inbox address is named
    expect((await h.gridOk(P.township, 'listDueTickets', {})).items.map((i) => i.ticketId)).toContain(out.ticketId);
    h.now.value += 30 * DAY;
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(2);
  });

  it('a clock that jumps far walks the steps one per run, in order', async () => {
    const out = await report();
    h.now.value += 10 * DAY;
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(1);
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(1);
    h.now.value += DAY;
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(2);
  });

  it('accepting starts the resolve deadline afresh, which escalates in its own right', async () => {
    const out = await report();
    h.now.value += 5 * HOUR;
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(1);
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId });
    expect(h.ticket(out.ticketId)).toMatchObject({ escalation: 0, dueKind: 'resolve', dueAt: h.now.value + 3 * DAY });
    h.now.value += 3 * DAY + 1;
    await h.sweep();
    expect(h.ticket(out.ticketId).escalation).toBe(1);
    expect(h.auditFor(out.ticketId).at(-1)!.summary).toMatch(/办结期限/);
  });

  it('resolved without an answer for 7 days → resolved_unconfirmed', async () => {
    const out = await report();
    await h.gridOk(P.gridWorker, 'acceptTicket', { ticketId: out.ticketId });
    await h.gridOk(P.gridWorker, 'resolveTicket', { ticketId: out.ticketId, note: '已修' });
    h.now.value += 7 * DAY - 1;
    await h.sweep();
    expect(h.ticket(out.ticketId).status).toBe('resolved');
    h.now.value += 2;
    await h.sweep();
    expect(h.ticket(out.ticketId)).toMatchObject({ status: 'resolved_unconfirmed', bucket: 'fixed' });
    expect(h.auditFor(out.ticketId).at(-1)).toMatchObject({ details: { transition: 'expire_unconfirmed' } });
    // the resident may still answer late
    await h.gridOk(P.resident, 'confirmTicket', { ticketId: out.ticketId, rating: 3 });
  });

  it('workers see due-soon first', async () => {
    const slow = await h.gridOk(P.resident, 'submitReport', { categoryId: 'road', text: '路面有坑' }); // 24 h
    const fast = await report(); // 4 h
    const due = await h.gridOk(P.gridWorker, 'listDueTickets', {});
    const ids = due.items.map((i) => i.ticketId);
    expect(ids.indexOf(fast.ticketId)).toBeLessThan(ids.indexOf(slow.ticketId));
    const dues = due.items.map((i) => i.dueAt!);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(codeOf(await h.grid(P.resident, 'listDueTickets', {}))).toBe('forbidden');
  });
});

describe('附议 and the public board', () => {
  it('a neighbour backs an open ticket once; not one’s own, not a closed one', async () => {
    const out = await report();
    const s = await h.gridOk(P.elder, 'supportTicket', { ticketId: out.ticketId });
    expect(s.supporters).toBe(1);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(codeOf(await h.grid(P.elder, 'supportTicket', { ticketId: out.ticketId }))).toBe('already_supported');
    expect(codeOf(await h.grid(P.resident, 'supportTicket', { ticketId: out.ticketId }))).toBe('cannot_support_own');
    const closed = await ticketIn('rejected');
    expect(codeOf(await h.grid(P.elder, 'supportTicket', { ticketId: closed }))).toBe('ticket_not_open');
    expect(h.ticket(out.ticketId).supporterIds).toEqual([me(P.elder)]);
  });

  it('shows open and closed tickets with names, phones and house numbers masked', async () => {
    const out = await h.gridOk(P.resident, 'submitReport', {
      categoryId: 'water_power',
      text: '王小梅家（东头组1号）水管爆了，联系13912345678，隔壁李桂兰家也停水',
      place: { kind: 'text', text: '东头组1号院门口' },
    });
    const board = await h.gridOk(P.elder, 'publicBoard', { bucket: 'open' });
    const item = board.items.find((i) => i.ticketId === out.ticketId)!;
    expect(item.text).not.toMatch(/王小梅|李桂兰|13912345678|1号/);
    expect(item.text).toContain('139****5678');
    expect(item.text).toContain('王*梅');
    expect(item.place).not.toMatch(/1号/);
    expect(item.reporter).toBe('王*梅');
    expect(JSON.stringify(item)).not.toMatch(/latitude|reqs|consents|openid/);
    const closed = await h.gridOk(P.elder, 'publicBoard', { bucket: 'closed' });
    expect(closed.items.length).toBeGreaterThan(0);
    // a neighbour opening the ticket sees it masked too; the reporter sees it whole
    expect((await h.gridOk(P.elder, 'getTicket', { ticketId: out.ticketId })).text).not.toContain('13912345678');
    expect((await h.gridOk(P.resident, 'getTicket', { ticketId: out.ticketId })).text).toContain('13912345678');
  });

  it('is paged', async () => {
    for (let i = 0; i < 5; i++) await report();
    const first = await h.gridOk(P.elder, 'publicBoard', { bucket: 'open', pageSize: 3 });
    expect(first.items).toHaveLength(3);
    const second = await h.gridOk(P.elder, 'publicBoard', { bucket: 'open', pageSize: 3, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.ticketId)).not.toContain(first.items[0].ticketId);
  });
});

function bind<T extends object>(s: T): T {
  const out: Record<string, unknown> = {};
  for (const k of ['getMany', 'get', 'find', 'create', 'put', 'updateWhere', 'aggregate']) out[k] = (s as Record<string, any>)[k].bind(s);
  return out as T;
}
