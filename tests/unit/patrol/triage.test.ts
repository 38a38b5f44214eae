/** The triage queue and its five actions: scoping, order, paging, transitions, races, events, budgets. */
import { route } from '../../../server/kernel/router';
import { gridFunction } from '../../../server/grid/spec';
import { V, WHO, patrolHarness, rid, type PatrolHarness } from './harness';

let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

/** A lead in grid 1 (王小梅's household) from a board post. */
async function leadInGrid1(text = '东头组电线杆倒了，电线掉在路上') {
  const post = await h.ok(WHO.resident, 'createPost', { villageId: V, text });
  expect(post.lead).toBe(true);
  return post.postId;
}

/** A lead in grid 3, pasted by that grid's worker. */
async function leadInGrid3(text = '河滨组有人说要去堵路，补偿款不给就闹事') {
  return (await h.ok(WHO.worker2, 'submitLead', { villageId: V, text })).leadId;
}

describe('the queue', () => {
  it('a grid worker sees only their grids, the committee sees all; three round trips', async () => {
    const g1 = await leadInGrid1();
    const g3 = await leadInGrid3();
    const mine = await h.ok(WHO.worker, 'listQueue', { villageId: V });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(mine.leads.map((l) => l.leadId)).toEqual([g1]);
    const theirs = await h.ok(WHO.worker2, 'listQueue', { villageId: V });
    expect(theirs.leads.map((l) => l.leadId)).toEqual([g3]);
    const all = await h.ok(WHO.committee, 'listQueue', { villageId: V });
    expect(all.leads.map((l) => l.leadId).sort()).toEqual([g1, g3].sort());
    expect(await h.code(WHO.resident, 'listQueue', { villageId: V })).toBe('forbidden');
  });

  it('the open view\'s first page carries the tickets the caller handles, as grid\'s 待办工单 lists them (a round is one screen)', async () => {
    const due = async (openid: string) => {
      const answer = await route(gridFunction, { action: 'listDueTickets', payload: { villageId: V, pageSize: 10 }, requestId: rid('due') }, { openid, clock: () => h.now.value, store: h.store, openapi: h.openapi, log: () => undefined });
      if (!answer.ok) throw new Error(answer.error.code);
      return answer.data as { items: unknown[]; nextCursor: string | null };
    };
    for (const who of [WHO.worker, WHO.worker2, WHO.committee]) {
      const queue = await h.ok(who, 'listQueue', { villageId: V });
      const grid = await due(who);
      expect(queue.due).toEqual({ items: grid.items, more: grid.nextCursor !== null });
    }
    // the demo village has open tickets in 张建军's grids, and the committee sees the whole village's
    const worker = (await h.ok(WHO.worker, 'listQueue', { villageId: V })).due!;
    const committee = (await h.ok(WHO.committee, 'listQueue', { villageId: V })).due!;
    expect(worker.items.length).toBeGreaterThan(0);
    expect(committee.items.length + (committee.more ? 1 : 0)).toBeGreaterThan(worker.items.length);
    // only on the open view's first page
    expect((await h.ok(WHO.worker, 'listQueue', { villageId: V, view: 'closed' })).due).toBeNull();
    await leadInGrid1();
    await leadInGrid1('西头着火了，快来人');
    const first = await h.ok(WHO.worker, 'listQueue', { villageId: V, pageSize: 1 });
    expect((await h.ok(WHO.worker, 'listQueue', { villageId: V, pageSize: 1, cursor: first.nextCursor! })).due).toBeNull();
  });

  it('most urgent first, then oldest; paged', async () => {
    const demand = await leadInGrid1('村口路灯坏了好几天了'); // low urgency
    h.now.value += 60_000;
    const fire = await leadInGrid1('西头着火了，快来人'); // hazard, high
    h.now.value += 60_000;
    const demand2 = await leadInGrid1('东头路灯坏了，晚上看不清'); // same urgency as the first, newer
    const page1 = await h.ok(WHO.worker, 'listQueue', { villageId: V, pageSize: 2 });
    expect(page1.leads.map((l) => l.leadId)).toEqual([fire, demand]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await h.ok(WHO.worker, 'listQueue', { villageId: V, pageSize: 2, cursor: page1.nextCursor! });
    expect(page2.leads.map((l) => l.leadId)).toEqual([demand2]);
    expect(page2.nextCursor).toBeNull();
    // the spans the UI highlights come with each card
    const card = page1.leads[0];
    expect(card.scan.spans.map((s) => card.text.slice(s.start, s.end))).toEqual(expect.arrayContaining(['着火了', '快来人']));
  });
});

describe('triage transitions', () => {
  it('dismiss needs a reason; closes the lead; ≤ 3 round trips; no 道德银行 event', async () => {
    const lead = await leadInGrid1();
    expect(await h.code(WHO.worker, 'dismissLead', { villageId: V, leadId: lead, reason: '  ' })).toBe('reason_required');
    const out = await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: lead, reason: '已经修好了' });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(out).toEqual({ leadId: lead, status: 'dismissed' });
    const audit = h.audit().find((a) => a.targetId === lead && a.action === 'dismissLead')!;
    expect(audit.event).toBeNull();
    const closed = await h.ok(WHO.worker, 'listQueue', { villageId: V, view: 'closed' });
    expect(closed.leads[0]).toMatchObject({ leadId: lead, status: 'dismissed', handled: { reason: '已经修好了', byName: '张建军' } });
  });

  it('reply shows in the post\'s thread for the resident and names them for their inbox', async () => {
    const lead = await leadInGrid1();
    await h.ok(WHO.worker, 'replyLead', { villageId: V, leadId: lead, text: '已联系供电所，今天下午来修，请大家绕行' });
    const thread = await h.ok(WHO.resident, 'getThread', { villageId: V, postId: lead });
    expect(thread.post.officialReply).toMatchObject({ text: '已联系供电所，今天下午来修，请大家绕行', byName: '张建军' });
    const audit = h.audit().find((a) => a.targetId === lead && a.action === 'replyLead')!;
    expect(audit.notify).toContain(`${V}:u:${WHO.resident}`);
    expect(await h.code(WHO.worker, 'replyLead', { villageId: V, leadId: await leadInGrid1('南边水管爆了'), text: '' })).toBe('reply_empty');
  });

  it('a reply with risky words is refused and the lead stays open', async () => {
    const lead = await leadInGrid1();
    expect(await h.code(WHO.worker, 'replyLead', { villageId: V, leadId: lead, text: '你个王八蛋' })).toBe('post_refused_abuse');
    const q = await h.ok(WHO.worker, 'listQueue', { villageId: V });
    expect(q.leads[0]).toMatchObject({ leadId: lead, status: 'open' });
  });

  it('convert files a grid ticket with the lead as source, keeps its id, and carries lead_confirmed', async () => {
    const lead = await leadInGrid1();
    const requestId = rid('convert');
    const out = await h.ok(WHO.worker, 'convertLead', { villageId: V, leadId: lead }, requestId);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(h.grid.calls).toEqual([
      { requestId, payload: { villageId: V, categoryId: 'other', text: '东头组电线杆倒了，电线掉在路上', source: { kind: 'patrol_lead', leadId: lead } } },
    ]);
    expect(out).toEqual({ leadId: lead, status: 'converted', ticketId: `${V}:t:${requestId}` });
    const audit = h.audit().find((a) => a.targetId === lead && a.action === 'convertLead')!;
    expect(audit.event).toEqual({ type: 'lead_confirmed', residentId: `${V}:u:${WHO.resident}`, householdId: 'qingshi:h:h01', sourceKey: `lead_confirmed:${lead}` });
    // a retry answers the same, files nothing new
    expect(await h.ok(WHO.worker, 'convertLead', { villageId: V, leadId: lead }, requestId)).toEqual(out);
    expect(h.grid.calls).toHaveLength(1);
    const detail = await h.ok(WHO.worker, 'getLead', { villageId: V, leadId: lead });
    expect(detail.ticket).toMatchObject({ ticketId: out.ticketId });
  });

  it('the grid\'s refusal reaches the worker and nothing is written', async () => {
    const lead = await leadInGrid1();
    h.grid.answer = { ok: false, error: { code: 'content_risky', message: '…' } };
    const before = h.snapshot();
    expect(await h.code(WHO.worker, 'convertLead', { villageId: V, leadId: lead })).toBe('content_risky');
    h.grid.answer = { ok: false, error: { code: 'some_unknown_code' } };
    expect(await h.code(WHO.worker, 'convertLead', { villageId: V, leadId: lead })).toBe('ticket_not_created');
    expect(h.snapshot()).toBe(before);
  });

  it('escalate hands the lead to the committee: the worker may no longer act, the committee may', async () => {
    const lead = await leadInGrid1();
    await h.ok(WHO.worker, 'escalateLead', { villageId: V, leadId: lead, reason: '涉及多户，需要村委协调' });
    const audit = h.audit().find((a) => a.targetId === lead && a.action === 'escalateLead')!;
    expect(audit.notify).toEqual([`${V}#committee`]);
    expect(audit.event).toMatchObject({ type: 'lead_confirmed', sourceKey: `lead_confirmed:${lead}` });
    expect(await h.code(WHO.worker, 'dismissLead', { villageId: V, leadId: lead, reason: 'x' })).toBe('lead_escalated');
    expect(await h.code(WHO.worker, 'escalateLead', { villageId: V, leadId: lead })).toBe('lead_already_handled');
    const committeeQueue = await h.ok(WHO.committee, 'listQueue', { villageId: V });
    expect(committeeQueue.leads.find((l) => l.leadId === lead)?.status).toBe('escalated');
    expect((await h.ok(WHO.worker, 'listQueue', { villageId: V })).leads).toHaveLength(0);
    await h.ok(WHO.committee, 'warnLead', { villageId: V, leadId: lead, text: '东头电线杆倒了，大家不要靠近，已通知供电所' });
  });

  it('warn pins a fraud warning on top of the board for everyone', async () => {
    const lead = (await h.ok(WHO.worker, 'submitLead', { villageId: V, text: '【通知】您的医保卡已冻结，请点击链接解冻，需要提供短信验证码' })).leadId;
    expect(await h.code(WHO.worker, 'warnLead', { villageId: V, leadId: lead, text: ' ' })).toBe('warning_empty');
    await h.ok(WHO.worker, 'warnLead', { villageId: V, leadId: lead, text: '防骗提醒：有人冒充医保局发短信说医保卡冻结，要验证码。医保局不会这样做，千万别给！' });
    const board = await h.ok(WHO.elder, 'listBoard', { villageId: V });
    expect(board.warnings).toHaveLength(1);
    expect(board.warnings[0].warning).toMatchObject({ byName: '张建军' });
    expect(board.warnings[0].warning!.text).toMatch(/千万别给/);
    const audit = h.audit().find((a) => a.targetId === lead && a.action === 'warnLead')!;
    expect(audit.event).toMatchObject({ type: 'lead_confirmed', residentId: `${V}:u:${WHO.worker}` });
  });

  it('acting on a lead another worker already closed → lead_already_handled, nothing written', async () => {
    const lead = await leadInGrid1();
    await h.ok(WHO.committee, 'dismissLead', { villageId: V, leadId: lead, reason: '重复反映' });
    const before = h.snapshot();
    for (const [action, payload] of [
      ['dismissLead', { reason: '又一次' }],
      ['replyLead', { text: '好的' }],
      ['convertLead', {}],
      ['escalateLead', {}],
      ['warnLead', { text: '提醒' }],
    ] as const) {
      expect(await h.code(WHO.worker, action, { villageId: V, leadId: lead, ...payload } as never)).toBe('lead_already_handled');
    }
    expect(h.snapshot()).toBe(before);
    expect(h.grid.calls).toHaveLength(0);
  });

  it('two workers at the same instant: one wins, the other gets lead_already_handled (compare-and-set)', async () => {
    const lead = await leadInGrid1();
    const [a, b] = await Promise.all([
      h.call(WHO.worker, 'dismissLead', { villageId: V, leadId: lead, reason: '误报' }),
      h.call(WHO.committee, 'replyLead', { villageId: V, leadId: lead, text: '收到，马上处理' }),
    ]);
    const codes = [a, b].map((x) => (x.ok ? 'ok' : x.error.code)).sort();
    expect(codes).toEqual(['lead_already_handled', 'ok']);
    const auditFor = h.audit().filter((r) => r.targetId === lead && ['dismissLead', 'replyLead'].includes(r.action as string));
    expect(auditFor).toHaveLength(1);
  });

  it('workers acting outside their grids are refused; residents cannot triage', async () => {
    const lead = await leadInGrid3();
    expect(await h.code(WHO.worker, 'dismissLead', { villageId: V, leadId: lead, reason: 'x' })).toBe('village_mismatch');
    expect(await h.code(WHO.worker, 'getLead', { villageId: V, leadId: lead })).toBe('village_mismatch');
    expect(await h.code(WHO.resident, 'dismissLead', { villageId: V, leadId: lead, reason: 'x' })).toBe('forbidden');
    expect(await h.code(WHO.worker, 'dismissLead', { villageId: V, leadId: `${V}:m:none`, reason: 'x' })).toBe('lead_not_found');
    expect(await h.code(WHO.worker, 'dismissLead', { villageId: V, leadId: 'liushu:m:x', reason: 'x' })).toBe('village_mismatch');
  });
});

describe('near-duplicates cluster into one lead with a count', () => {
  it('the same scam with another phone number joins the lead; a different text does not', async () => {
    const scam = '【紧急通知】您的社保卡已被冻结，请立即拨打 13800001111 联系专员，提供短信验证码办理解冻，逾期将注销';
    const first = await h.ok(WHO.worker, 'submitLead', { villageId: V, text: scam });
    const second = await h.ok(WHO.resident, 'submitLead', { villageId: V, text: scam.replace('13800001111', '13999998888').replace('【紧急通知】', '紧急通知：') });
    expect(second).toMatchObject({ clustered: true, leadId: first.leadId });
    const other = await h.ok(WHO.resident, 'submitLead', { villageId: V, text: '东头组李家和王家因为宅基地边界吵起来了，差点打架' });
    expect(other.clustered).toBe(false);
    const queue = await h.ok(WHO.worker, 'listQueue', { villageId: V });
    expect(queue.leads.find((l) => l.leadId === first.leadId)?.count).toBe(2);
    expect(queue.leads).toHaveLength(2);
    const detail = await h.ok(WHO.worker, 'getLead', { villageId: V, leadId: first.leadId });
    expect(detail.members.map((m) => m.messageId)).toEqual([second.messageId]);
  });

  it('a closed lead takes no new members: the next copy opens a new lead', async () => {
    const scam = '恭喜您获得养老补贴，请添加客服微信领取，需先缴纳手续费和保证金三百元';
    const first = await h.ok(WHO.worker, 'submitLead', { villageId: V, text: scam });
    await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: first.leadId, reason: '已处理' });
    const again = await h.ok(WHO.worker, 'submitLead', { villageId: V, text: scam });
    expect(again.clustered).toBe(false);
    expect(again.leadId).not.toBe(first.leadId);
  });
});

describe('转为线索', () => {
  it('records the source group from the share card; empty or oversize texts are refused', async () => {
    const out = await h.ok(WHO.resident, 'submitLead', { villageId: V, text: '群里有人说河边的堤坝有管涌', group: { cloudID: 'dev-opengid:demo-group-qingshi' }, groupName: '青石村村民群' });
    const doc = h.patrolDocs().find((d) => d._id === out.messageId)!;
    expect(doc).toMatchObject({ openGId: 'demo-group-qingshi', groupName: '青石村村民群', gridId: 'qingshi:g1', visibility: 'internal' });
    expect(await h.code(WHO.resident, 'submitLead', { villageId: V, text: '  ' })).toBe('lead_text_empty');
    expect(await h.code(WHO.resident, 'submitLead', { villageId: V, text: '长'.repeat(2001) })).toBe('lead_text_too_long');
    expect(await h.code(WHO.worker, 'submitLead', { villageId: V, text: '有人落水', gridId: 'qingshi:g3' })).toBe('grid_not_in_scope');
    // a scam message can be reported even though WeChat would refuse to show it
    const scam = await h.ok(WHO.resident, 'submitLead', { villageId: V, text: '兼职刷单返利，日结三百' });
    expect(scam.scan.categories).toContain('fraud');
  });
});
