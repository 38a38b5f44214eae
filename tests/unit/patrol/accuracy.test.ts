/** The village's own labels (issue 10): precision per category from triage decisions, thresholds the committee moves — audited. */
import { WHO, V, patrolHarness, type PatrolHarness } from './harness';

const DAY = 24 * 60 * 60 * 1000;
let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

/** A pasted text becomes a lead (always); its id. */
async function lead(text: string, who: string = WHO.worker): Promise<string> {
  await h.ok(who, 'submitLead', { villageId: V, text });
  const queue = await h.ok(WHO.committee, 'listQueue', { villageId: V, pageSize: 50 });
  return queue.leads.find((l) => l.text === text)!.leadId;
}

describe('scanner precision', () => {
  it('counts each decided lead for its categories: dismissed is noise, the rest confirmed; only the window; two round trips; committee only', async () => {
    const scam = await lead('有人冒充公安局打电话，让把钱转到安全账户');
    const scam2 = await lead('对方说是客服，让我把验证码发给他，还要先交保证金');
    const gas = await lead('二组有一家闻到很大的煤气味');
    const old = await lead('有人在河边电鱼，鱼都死了');
    h.now.value += 60_000;
    await h.ok(WHO.worker, 'warnLead', { villageId: V, leadId: scam, text: '防骗提醒：公安不会让你转账到安全账户。' });
    await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: scam2, reason: '是村民在转述防骗知识' });
    await h.ok(WHO.worker, 'escalateLead', { villageId: V, leadId: gas, reason: '要燃气公司来' });
    await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: old, reason: '误报' });
    // the 电鱼 decision ages out of a 30-day window
    h.now.value += 31 * DAY;
    const fresh = await lead('又有人在河边电鱼');
    await h.ok(WHO.worker, 'convertLead', { villageId: V, leadId: fresh });
    const scam3 = await lead('兼职刷单，日结三百，加微信私聊');
    await h.ok(WHO.worker, 'warnLead', { villageId: V, leadId: scam3, text: '刷单都是骗局' });

    const recent = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V });
    expect(h.lastCalls.length).toBeLessThanOrEqual(2);
    const row = (c: string) => recent.rows.find((r) => r.category === c)!;
    expect(row('fraud')).toMatchObject({ decided: 1, confirmed: 1, dismissed: 0, precision: 1 });
    expect(row('violation')).toMatchObject({ decided: 1, confirmed: 1, dismissed: 0 });
    expect(row('demand')).toMatchObject({ decided: 0, precision: null });

    const longer = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V, days: 60 });
    expect(longer.rows.find((r) => r.category === 'fraud')).toMatchObject({ decided: 3, confirmed: 2, dismissed: 1, precision: 0.667 });
    expect(longer.rows.find((r) => r.category === 'violation')).toMatchObject({ decided: 2, confirmed: 1, dismissed: 1, precision: 0.5 });
    expect(longer.rows.find((r) => r.category === 'hazard')).toMatchObject({ decided: 1, confirmed: 1 });
    for (const r of longer.rows) expect(r.threshold).toBe(r.defaultThreshold);

    expect(await h.code(WHO.worker, 'scannerPrecision', { villageId: V })).toBe('forbidden');
    expect(await h.code(WHO.resident, 'scannerPrecision', { villageId: V })).toBe('forbidden');
  });
});

describe('thresholds', () => {
  it('the committee moves a threshold: audited in Chinese, used by the very next message, shown back; null restores the default', async () => {
    const text = '我家的补贴什么时候发';
    const before = await h.ok(WHO.resident, 'createPost', { villageId: V, text });
    const view = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V });
    expect(view.thresholdsVersion).toBe(0);
    const demandDefault = view.rows.find((r) => r.category === 'demand')!.defaultThreshold;

    const out = await h.ok(WHO.committee, 'setThresholds', { villageId: V, baseVersion: 0, thresholds: { demand: 0.1, fraud: 0.9 } });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(out).toMatchObject({ version: 1, thresholds: { demand: 0.1, fraud: 0.9 } });
    const audit = h.audit().find((a) => a.action === 'setThresholds')!;
    expect(audit.summary).toMatch(/调整巡群判定门槛：诈骗 \d+% → 90%；诉求 \d+% → 10%/);
    expect(audit.details).toMatchObject({ before: {}, after: { demand: 0.1, fraud: 0.9 } });

    const after = await h.ok(WHO.resident, 'createPost', { villageId: V, text: text + '。' });
    expect(after.lead).toBe(true);
    expect(before.lead).toBe(false);
    const shown = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V });
    expect(shown.thresholdsVersion).toBe(1);
    expect(shown.rows.find((r) => r.category === 'demand')).toMatchObject({ threshold: 0.1, defaultThreshold: demandDefault });

    await h.ok(WHO.committee, 'setThresholds', { villageId: V, baseVersion: 1, thresholds: { demand: null } });
    const back = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V });
    expect(back.rows.find((r) => r.category === 'demand')!.threshold).toBe(demandDefault);
    expect(back.rows.find((r) => r.category === 'fraud')!.threshold).toBe(0.9);
  });

  it('refuses bad thresholds, stale versions, no-ops and non-committee callers — nothing written', async () => {
    const set = (thresholds: Record<string, number | null>, baseVersion = 0, who: string = WHO.committee) =>
      h.code(who, 'setThresholds', { villageId: V, baseVersion, thresholds });
    const before = h.snapshot();
    expect(await set({ fraud: 0.01 })).toBe('threshold_invalid');
    expect(await set({ fraud: 1 })).toBe('threshold_invalid');
    expect(await set({ gossip: 0.5 })).toBe('invalid_input'); // the schema names the five categories
    expect(await set({})).toBe('threshold_unchanged');
    expect(await set({ fraud: 0.5 }, 3)).toBe('thresholds_stale');
    expect(await set({ fraud: 0.5 }, 0, WHO.worker)).toBe('forbidden');
    expect(h.snapshot()).toBe(before);
    await h.ok(WHO.committee, 'setThresholds', { villageId: V, baseVersion: 0, thresholds: { hazard: 0.3 } });
    expect(await set({ hazard: 0.4 }, 0)).toBe('thresholds_stale');
  });

  it('keeps the lexicon edits when thresholds change, and the thresholds when the lexicon changes', async () => {
    await h.ok(WHO.committee, 'editLexicon', { villageId: V, baseVersion: 0, edits: [{ op: 'add', entry: { term: '采石场放炮', category: 'hazard', weight: 10, action: 'flag' } }] });
    await h.ok(WHO.committee, 'setThresholds', { villageId: V, baseVersion: 0, thresholds: { hazard: 0.2 } });
    await h.ok(WHO.committee, 'editLexicon', { villageId: V, baseVersion: 1, edits: [{ op: 'remove', term: '吵架' }] });
    const view = await h.ok(WHO.committee, 'scannerPrecision', { villageId: V });
    expect(view.rows.find((r) => r.category === 'hazard')!.threshold).toBe(0.2);
    const lex = await h.ok(WHO.elder, 'getLexicon', { villageId: V });
    expect(lex.terms.find((t) => t.term === '采石场放炮')).toBeTruthy();
    expect((await h.ok(WHO.resident, 'createPost', { villageId: V, text: '后山采石场放炮' })).lead).toBe(true);
  });
});
