/**
 * The built `patrol` bundle (cloudfunctions/patrol/index.js) in the emulator's function host, called the
 * way the client calls it, over the real wx-server-sdk: the $lookup reads, multi-document inserts and
 * compare-and-sets on the emulator's database, msgSecCheck through the emulator's openapi, the grid
 * function called for a ticket. Each check reads the store afterwards.
 */
import { DEMO_OPENIDS as P, DEMO_GROUP_OPENGID } from '../../demo/village';
import { seedDemo } from '../../demo/seed';
import { demoChatRecord } from '../../demo/patrol';
import { patrolTour } from '../../demo/patrol-tour';
import { parseChatRecord } from '../../server/patrol/import';
import { toImportBatches } from '../../server/patrol/batches';
import { patrolActions } from '../../server/patrol/spec';
import { sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';

const Q = 'qingshi';
let emu: Emulator;
let seq = 0;
const rid = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;

async function call(openid: string, action: string, payload: Record<string, unknown>, requestId = rid(action), group?: unknown) {
  const event = { action, payload: { villageId: Q, ...payload }, requestId, ...(group ? { group } : {}) };
  const out = await emu.invoke('patrol', event, { openid });
  if (out.errCode !== undefined) throw new Error(`invocation failed: ${out.errCode} ${out.errMsg}`);
  return { answer: out.result as { ok: boolean; data?: any; error?: { code: string; message: string } }, dbCalls: out.dbCalls };
}
async function ok(openid: string, action: string, payload: Record<string, unknown>, requestId?: string) {
  const { answer } = await call(openid, action, payload, requestId);
  if (!answer.ok) throw new Error(`${action}: ${answer.error?.code}`);
  return answer.data;
}
async function code(openid: string, action: string, payload: Record<string, unknown>): Promise<string> {
  const { answer } = await call(openid, action, payload);
  if (!answer.ok) expect(answer.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  return answer.ok ? 'ok' : answer.error!.code;
}
const patrolDocs = () => emu.store.all('patrol');
const snapshot = () => JSON.stringify([emu.store.all('patrol'), emu.store.all('audit')]);

beforeAll(async () => {
  emu = await startTestEmulator();
  const seeded = await seedDemo(sdkFor(emu).database(), emu.clock.now());
  expect(seeded.seeded).toBe(true);
}, 60_000);
afterAll(async () => {
  await emu?.close();
});

describe('the "done when" walk', () => {
  it('a grid worker imports a group chat of a few hundred lines; fraud and hazard lines come first, words highlighted; they act; the resident sees the reply; a risky post is refused', async () => {
    // the chat is a different day than the seeded one: its messages are new
    const text = demoChatRecord(emu.clock.now() + 3 * 24 * 3600_000);
    expect(text.split('\n').length).toBeGreaterThan(200);
    const parsed = parseChatRecord(text);
    if (!parsed.ok) throw new Error('demo chat');
    let added = 0;
    for (const batch of toImportBatches(parsed.messages)) {
      const { answer, dbCalls } = await call(P.gridWorker, 'importMessages', { messages: batch, groupName: '青石村村民群', format: parsed.format });
      expect(answer.ok).toBe(true);
      expect(dbCalls).toBeLessThanOrEqual(3);
      added += answer.data.added;
    }
    expect(added).toBe(parsed.messages.length);

    const { answer: q, dbCalls: queueCalls } = await call(P.gridWorker, 'listQueue', { pageSize: 8 });
    // the caller, then the leads and the worker's due tickets at once
    expect(queueCalls).toBeLessThanOrEqual(3);
    expect(q.data.due.items.length).toBeGreaterThan(0);
    const top = q.data.leads as any[];
    expect(top.slice(0, 4).every((l) => l.scan.categories[0] === 'fraud' || l.scan.categories[0] === 'hazard')).toBe(true);
    for (const lead of top) for (const s of lead.scan.spans) expect(lead.text.slice(s.start, s.end).length).toBeGreaterThan(0);
    const hazard = top.find((l) => l.text.includes('管涌'))!;
    expect(hazard.scan.spans.map((s: any) => hazard.text.slice(s.start, s.end))).toContain('管涌');

    // turn one into a ticket (the grid function, called function → function)
    const conv = await call(P.gridWorker, 'convertLead', { leadId: hazard.leadId, categoryId: 'other', text: '河滨组河堤下面冒浑水，疑似管涌，请尽快查看' });
    expect(conv.answer.ok).toBe(true);
    expect(conv.dbCalls).toBeLessThanOrEqual(3);
    const ticketId = conv.answer.data.ticketId;
    const ticket = emu.store.all('tickets').find((t) => t._id === ticketId);
    expect(ticket).toMatchObject({ source: { kind: 'patrol_lead', leadId: hazard.leadId } });
    const detail = await ok(P.gridWorker, 'getLead', { leadId: hazard.leadId });
    expect(detail.ticket).toMatchObject({ ticketId, status: ticket!.status });

    // dismiss another with a reason
    const other = top.find((l) => l.leadId !== hazard.leadId && l.status === 'open')!;
    expect((await ok(P.gridWorker, 'dismissLead', { leadId: other.leadId, reason: '已核实，是村民在提醒大家' })).status).toBe('dismissed');

    // reply to a third: the resident's own post
    const post = await ok(P.resident, 'createPost', { text: '东头组电线杆倒了，电线掉在路上，晚上很危险' });
    expect(post.lead).toBe(true);
    await ok(P.gridWorker, 'replyLead', { leadId: post.postId, text: '已联系供电所，今天下午来修，请大家绕行' });
    const thread = await ok(P.resident, 'getThread', { postId: post.postId });
    expect(thread.post.officialReply).toMatchObject({ text: '已联系供电所，今天下午来修，请大家绕行', byName: '张建军' });
    expect(emu.store.all('audit').some((a) => a.action === 'replyLead' && (a.notify as string[]).includes(`${Q}:u:${P.resident}`))).toBe(true);

    // a resident's risky post is refused with a reason (the emulator's msgSecCheck), nothing stored
    const before = patrolDocs().length;
    const refused = await call(P.resident, 'createPost', { text: '在家兼职刷单返利，日赚三百，加我' });
    expect(refused.answer).toMatchObject({ ok: false, error: { code: 'post_refused_fraud' } });
    expect(refused.answer.error!.message).toMatch(/诈骗/);
    expect(patrolDocs()).toHaveLength(before);
  }, 60_000);
});

describe('bad input and races', () => {
  it('a short thread rides in the board\'s answer exactly as getThread shows it; a long one does not', async () => {
    const short = await ok(P.resident, 'createPost', { text: '明天上午村口集市照常开吗？' });
    await ok(P.elder, 'createPost', { text: '照常开，八点开始', replyTo: short.postId });
    await ok(P.committee, 'createPost', { text: '照常，注意带好口袋', replyTo: short.postId });
    const long = await ok(P.resident, 'createPost', { text: '大家说说今年的秧苗长得怎么样' });
    for (let i = 0; i < 11; i++) await ok(i % 2 ? P.elder : P.gridWorker, 'createPost', { text: `我家的秧苗还行，第${i + 1}块田`, replyTo: long.postId });
    for (const reader of [P.elder, P.resident]) {
      const board = await call(reader, 'listBoard', {});
      expect(board.dbCalls).toBeLessThanOrEqual(3);
      const posts = board.answer.data.posts as { postId: string; replies?: unknown[] }[];
      const onBoard = posts.find((p) => p.postId === short.postId)!;
      const { replies, ...post } = onBoard;
      expect({ post, replies }).toEqual(await ok(reader, 'getThread', { postId: short.postId }));
      expect(replies).toHaveLength(2);
      const longOne = posts.find((p) => p.postId === long.postId)!;
      expect(longOne.replies).toBeUndefined();
      expect(JSON.stringify(board.answer.data)).not.toMatch(/minhash|bandKeys|"reqs"|"scan"/);
    }
  });

  it('a near-identical post rides in the board\'s answer with the answer its head was given, as getThread shows it', async () => {
    const head = await ok(P.resident, 'createPost', { text: '东头路口的路灯坏了好几天了，晚上太黑，老人出门摔倒了没人管' });
    const again = await ok(P.elder, 'createPost', { text: '东头路口的路灯坏了好几天了，晚上太黑，老人出门摔倒了没人管啊' });
    const stored = patrolDocs().find((d) => d._id === again.postId) as { leadId?: string };
    // the case under test: the second post joined the first one's lead
    expect(stored.leadId).toBe(head.postId);
    await ok(P.committee, 'replyLead', { leadId: head.postId, text: '已报修，明天上午来修' });
    await ok(P.resident, 'createPost', { text: '谢谢村里', replyTo: again.postId });
    for (const reader of [P.elder, P.resident]) {
      const board = await call(reader, 'listBoard', {});
      expect(board.dbCalls).toBeLessThanOrEqual(3);
      const onBoard = (board.answer.data.posts as { postId: string; replies?: unknown[] }[]).find((p) => p.postId === again.postId)!;
      const { replies, ...post } = onBoard;
      const thread = await ok(reader, 'getThread', { postId: again.postId });
      expect({ post, replies }).toEqual(thread);
      expect(thread.post.officialReply).toMatchObject({ text: '已报修，明天上午来修' });
      expect(replies).toHaveLength(1);
    }
  });

  it('empty, oversize and unsupported media posts: clear codes, nothing written', async () => {
    const before = snapshot();
    expect(await code(P.resident, 'createPost', { text: '' })).toBe('post_empty');
    expect(await code(P.resident, 'createPost', { text: '很'.repeat(501) })).toBe('post_too_long');
    expect(await code(P.resident, 'createPost', { text: '看图', photos: [{ fileId: 'cloud://x.bucket/photo/a.bmp' }] })).toBe('media_unsupported');
    expect(await code(P.resident, 'createPost', { text: '', voice: { fileId: 'cloud://x.bucket/voice/a.mp3', durationS: 120 } })).toBe('media_unsupported');
    expect(snapshot()).toBe(before);
  });

  it('a malformed import never reaches the server; a malformed batch is refused whole', async () => {
    const parsed = parseChatRecord('2025-03-02 07:42:10 王建国\n你好\n\n这一行没有时间和发送人\n2025-13-45 99:99:99 某人\n坏时间\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0].line).toBeGreaterThan(0);
    const before = snapshot();
    const good = { dedupeKey: 'abcdef0123456789', sender: '某人', sentAt: 1, text: '着火了', kind: 'text', line: 1 };
    expect(await code(P.gridWorker, 'importMessages', { messages: [good, { ...good, dedupeKey: 'not hex!' }] })).toBe('invalid_input');
    expect(await code(P.gridWorker, 'importMessages', { messages: [] })).toBe('import_batch_invalid');
    expect(snapshot()).toBe(before);
  });

  it('a re-imported batch adds nothing and a retried one is answered, not redone', async () => {
    const messages = [
      { dedupeKey: '1111222233334444', sender: '孙老汉', sentAt: 1746000000000, text: '后山落石，路被堵了', kind: 'text', line: 1 },
      { dedupeKey: '1111222233335555', sender: '刘桂花', sentAt: 1746000060000, text: '收到', kind: 'text', line: 4 },
    ];
    const first = await ok(P.gridWorker, 'importMessages', { messages });
    expect(first).toMatchObject({ added: 2, leads: 1 });
    const count = patrolDocs().length;
    expect(await ok(P.gridWorker, 'importMessages', { messages })).toMatchObject({ added: 0, skipped: 2 });
    expect(await ok(P.committee, 'importMessages', { messages })).toMatchObject({ added: 0, skipped: 2 });
    expect(patrolDocs()).toHaveLength(count);
    expect(patrolDocs().find((d) => d._id === `${Q}:m:i1111222233334444`)).toMatchObject({ gridId: 'qingshi:g1', source: 'import' });
  });

  it('lexicon edits with empty, duplicate or absurdly long terms are refused; a good one is audited', async () => {
    const edit = (entry: Record<string, unknown>) => code(P.committee, 'editLexicon', { baseVersion: 0, edits: [{ op: 'add', entry: { category: 'hazard', weight: 5, action: 'flag', ...entry } }] });
    const before = snapshot();
    expect(await edit({ term: '' })).toBe('lexicon_term_empty');
    expect(await edit({ term: '着 火 了' })).toBe('lexicon_term_duplicate');
    expect(await edit({ term: '长'.repeat(30) })).toBe('lexicon_term_too_long');
    expect(await code(P.gridWorker, 'editLexicon', { baseVersion: 0, edits: [{ op: 'remove', term: '吵架' }] })).toBe('forbidden');
    expect(snapshot()).toBe(before);
    const out = await ok(P.committee, 'editLexicon', { baseVersion: 0, edits: [{ op: 'add', entry: { term: '野蜂窝', category: 'hazard', weight: 7, action: 'flag' } }] });
    expect(out.version).toBe(1);
    expect(emu.store.all('audit').filter((a) => a.action === 'editLexicon')).toHaveLength(1);
    expect((await ok(P.elder, 'createPost', { text: '后山有个野 蜂 窝，孩子们别去' })).lead).toBe(true);
  });

  it('a lead another worker already closed → lead_already_handled, nothing written; outside their grids → refused', async () => {
    const post = await ok(P.resident, 'createPost', { text: '西头组有人在烧秸秆，烟很大，冒黑烟' });
    await ok(P.committee, 'dismissLead', { leadId: post.postId, reason: '已劝阻' });
    const before = snapshot();
    expect(await code(P.gridWorker, 'replyLead', { leadId: post.postId, text: '收到' })).toBe('lead_already_handled');
    expect(await code(P.gridWorker, 'warnLead', { leadId: post.postId, text: '注意防火' })).toBe('lead_already_handled');
    expect(snapshot()).toBe(before);
    const g3 = await ok('demo-qingshi-gridworker-2', 'submitLead', { text: '河滨组有人落水了' });
    expect(await code(P.gridWorker, 'dismissLead', { leadId: g3.leadId, reason: '不是我的' })).toBe('village_mismatch');
    expect(await code(P.otherVillager, 'listQueue', {})).toBe('not_member');
  });

  it('two workers at the same instant on one lead: exactly one wins', async () => {
    const post = await ok(P.resident, 'createPost', { text: '东头组有很重的煤气味' });
    const [a, b] = await Promise.all([
      call(P.gridWorker, 'dismissLead', { leadId: post.postId, reason: '查过了，没有泄漏' }),
      call(P.committee, 'escalateLead', { leadId: post.postId }),
    ]);
    const codes = [a, b].map((x) => (x.answer.ok ? 'ok' : x.answer.error!.code)).sort();
    expect(codes).toEqual(['lead_already_handled', 'ok']);
  });

  it('转为线索 from a share card records the group (CloudID resolved at the top level)', async () => {
    const { answer } = await call(P.resident, 'submitLead', { text: '群里转来的：您的医保卡已冻结，点击链接解冻' }, rid('paste'), { cloudID: `dev-opengid:${DEMO_GROUP_OPENGID}` });
    expect(answer.ok).toBe(true);
    expect(patrolDocs().find((d) => d._id === answer.data.messageId)).toMatchObject({ openGId: DEMO_GROUP_OPENGID, source: 'paste' });
  });
});

describe('round trips', () => {
  it('every patrol action, first try and retry, within the budget (≤ 3)', async () => {
    const steps = await patrolTour(async (openid, event) => {
      const out = await emu.invoke('patrol', event, { openid });
      const r = (out.result ?? {}) as { ok?: boolean; data?: unknown; error?: { code: string; message: string } };
      return { ok: r.ok === true, data: r.data, error: r.error, dbCalls: out.dbCalls };
    });
    const failed = steps.filter((s) => !s.ok);
    expect(failed).toEqual([]);
    expect(new Set(steps.map((s) => s.action))).toEqual(new Set(Object.keys(patrolActions)));
    for (const s of steps) {
      expect({ action: s.action, calls: Math.max(s.dbCalls, s.retryDbCalls) <= 3 }).toEqual({ action: s.action, calls: true });
    }
  }, 60_000);
});
