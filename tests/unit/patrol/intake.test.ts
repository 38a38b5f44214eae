/** Import of chat records through the import action (every layout), the lexicon edits, coverage. */
import { parseChatRecord } from '../../../server/patrol/import';
import { toImportBatches } from '../../../server/patrol/batches';
import { readFixture } from './fixtures/import/helpers';
import { V, WHO, patrolHarness, rid, type PatrolHarness } from './harness';

let h: PatrolHarness;
beforeEach(async () => {
  h = await patrolHarness();
});

async function importFile(openid: string, name: string, opts: { gridId?: string } = {}) {
  const parsed = parseChatRecord(readFixture(name), { timezone: 'Asia/Shanghai' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const totals = { added: 0, skipped: 0, leads: 0, clustered: 0, batches: 0 };
  for (const batch of toImportBatches(parsed.messages)) {
    const out = await h.ok(openid, 'importMessages', { villageId: V, messages: batch, groupName: parsed.groupName, format: parsed.format, ...opts });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    totals.added += out.added;
    totals.skipped += out.skipped;
    totals.leads += out.leads;
    totals.clustered += out.clustered;
    totals.batches++;
  }
  return { ...totals, messages: parsed.messages.length };
}

describe('import of chat records through the import action', () => {
  it.each(['merged-forward-village.txt', 'merged-forward-compact.txt', 'pc-copy-village.txt', 'wechatmsg-village.txt', 'wechatmsg-village.csv'])(
    '%s: every message stored once, leads opened, a re-import adds nothing',
    async (name) => {
      const first = await importFile(WHO.worker, name);
      expect(first.added).toBe(first.messages);
      expect(first.leads).toBeGreaterThan(0);
      const stored = h.patrolDocs().length;
      const again = await importFile(WHO.worker, name);
      expect(again).toMatchObject({ added: 0, skipped: first.messages, leads: 0 });
      expect(h.patrolDocs()).toHaveLength(stored);
    },
  );

  it('the same record in two layouts is the same messages (dedupe keys agree)', async () => {
    const txt = await importFile(WHO.worker, 'wechatmsg-village.txt');
    const csv = await importFile(WHO.worker, 'wechatmsg-village.csv');
    expect(txt.added).toBeGreaterThan(0);
    expect(csv.added).toBeLessThan(csv.messages);
  });

  it('imported leads land in the importing worker\'s grid (or the one they name); residents may not import', async () => {
    await importFile(WHO.worker2, 'pc-copy-village.txt');
    const leads = h.patrolDocs().filter((d) => d.leadId === d._id);
    expect(new Set(leads.map((d) => d.gridId))).toEqual(new Set(['qingshi:g3']));
    expect((await h.ok(WHO.worker, 'listQueue', { villageId: V })).leads).toHaveLength(0);
    expect((await h.ok(WHO.worker2, 'listQueue', { villageId: V, pageSize: 50 })).leads.length).toBe(leads.length);
    const parsed = parseChatRecord(readFixture('pc-copy-village.txt'));
    if (!parsed.ok) throw new Error('fixture');
    const batch = toImportBatches(parsed.messages)[0];
    expect(await h.code(WHO.resident, 'importMessages', { villageId: V, messages: batch })).toBe('forbidden');
    expect(await h.code(WHO.worker, 'importMessages', { villageId: V, messages: batch, gridId: 'qingshi:g4' })).toBe('grid_not_in_scope');
    expect(await h.code(WHO.worker, 'importMessages', { villageId: V, messages: [] })).toBe('import_batch_invalid');
    const big = Array.from({ length: 101 }, (_, i) => ({ ...batch[0], dedupeKey: (0x10000000 + i).toString(16) }));
    expect(await h.code(WHO.worker, 'importMessages', { villageId: V, messages: big })).toBe('import_batch_invalid');
  });

  it('a retried batch (same requestId, or lost answer) writes nothing twice', async () => {
    const parsed = parseChatRecord(readFixture('merged-forward-village.txt'));
    if (!parsed.ok) throw new Error('fixture');
    const [batch] = toImportBatches(parsed.messages);
    const requestId = rid('import');
    const a = await h.ok(WHO.worker, 'importMessages', { villageId: V, messages: batch }, requestId);
    const b = await h.ok(WHO.worker, 'importMessages', { villageId: V, messages: batch }, requestId);
    expect(a.added).toBe(batch.length);
    // the retry answers as the first try did (its own messages are its own), and adds nothing
    expect(b).toEqual(a);
    expect(h.patrolDocs().filter((d) => d.source === 'import')).toHaveLength(batch.length);
    expect(h.audit().filter((r) => r.action === 'importMessages')).toHaveLength(1);
  });

  it('a long file is cut into batches under the payload limit', () => {
    const messages = Array.from({ length: 450 }, (_, i) => ({ dedupeKey: (0x20000000 + i).toString(16), sender: '村民', sentAt: i, text: '长'.repeat(200), kind: 'text' as const, line: i + 1 }));
    const batches = toImportBatches(messages);
    expect(batches.length).toBeGreaterThan(4);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify({ villageId: V, messages: b }), 'utf8')).toBeLessThan(32 * 1024);
    expect(batches.flat()).toHaveLength(450);
  });
});

describe('the village lexicon', () => {
  it('the committee adds, changes and removes terms; each edit audited; the next post is scanned with it', async () => {
    const lex = await h.ok(WHO.resident, 'getLexicon', { villageId: V });
    expect(lex.version).toBe(0);
    expect(lex.terms.length).toBeGreaterThan(300);
    const before = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '后山采石场又在放炮了' });
    expect(before.lead).toBe(false);
    const out = await h.ok(WHO.committee, 'editLexicon', {
      villageId: V,
      baseVersion: 0,
      edits: [
        { op: 'add', entry: { term: '采石场放炮', category: 'hazard', weight: 8, action: 'flag' } },
        { op: 'change', term: '路灯', entry: { term: '路灯', category: 'demand', weight: 3, action: 'flag' } },
        { op: 'remove', term: '吵架' },
      ],
    });
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(out.version).toBe(1);
    const audit = h.audit().find((a) => a.action === 'editLexicon')!;
    expect(audit.summary).toMatch(/新增「采石场放炮」.*修改「路灯」.*删除「吵架」/);
    const after = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '后山采 石 场放炮，石头飞到路上了' });
    expect(after.lead).toBe(true);
    const removed = await h.ok(WHO.resident, 'createPost', { villageId: V, text: '他们两家又吵架' });
    expect(removed.lead).toBe(false);
    const lex2 = await h.ok(WHO.elder, 'getLexicon', { villageId: V });
    expect(lex2.version).toBe(1);
    expect(lex2.terms.find((t) => t.term === '采石场放炮')).toMatchObject({ edited: true, weight: 8 });
    expect(lex2.terms.find((t) => t.term === '路灯')).toMatchObject({ edited: true, weight: 3 });
    expect(lex2.terms.find((t) => t.term === '吵架')).toBeUndefined();
    expect(lex2.removedDefaults).toBe(1);
  });

  it('refuses empty, duplicate, absurdly long and malformed terms, stale versions and non-committee editors — nothing written', async () => {
    const edit = (edits: unknown[], baseVersion = 0, who: string = WHO.committee) => h.code(who, 'editLexicon', { villageId: V, baseVersion, edits } as never);
    const before = h.snapshot();
    expect(await edit([{ op: 'add', entry: { term: ' ，。 ', category: 'fraud', weight: 5, action: 'flag' } }])).toBe('lexicon_term_empty');
    expect(await edit([{ op: 'add', entry: { term: '刷 单', category: 'fraud', weight: 5, action: 'flag' } }])).toBe('lexicon_term_duplicate');
    expect(await edit([{ op: 'add', entry: { term: 'ＶＸ转账', category: 'fraud', weight: 5, action: 'flag' } }, { op: 'add', entry: { term: 'vx转账', category: 'fraud', weight: 5, action: 'flag' } }])).toBe('lexicon_term_duplicate');
    expect(await edit([{ op: 'add', entry: { term: '很'.repeat(21), category: 'fraud', weight: 5, action: 'flag' } }])).toBe('lexicon_term_too_long');
    expect(await edit([{ op: 'add', entry: { term: '新词', category: 'gossip', weight: 5, action: 'flag' } }])).toBe('lexicon_entry_invalid');
    expect(await edit([{ op: 'add', entry: { term: '新词', category: 'fraud', weight: 11, action: 'flag' } }])).toBe('lexicon_entry_invalid');
    expect(await edit([{ op: 'remove', term: '没有这个词' }])).toBe('lexicon_term_missing');
    expect(await edit([{ op: 'change', term: '路灯', entry: { term: '刷单', category: 'demand', weight: 3, action: 'flag' } }])).toBe('lexicon_term_duplicate');
    expect(await edit([{ op: 'remove', term: '吵架' }], 3)).toBe('lexicon_version_stale');
    expect(await edit([{ op: 'remove', term: '吵架' }], 0, WHO.worker)).toBe('forbidden');
    expect(h.snapshot()).toBe(before);
    await h.ok(WHO.committee, 'editLexicon', { villageId: V, baseVersion: 0, edits: [{ op: 'remove', term: '吵架' }] });
    // a second editor who saw version 0 is told to refresh
    expect(await edit([{ op: 'remove', term: '骂人' }], 0)).toBe('lexicon_version_stale');
  });
});

describe('coverage', () => {
  it('per grid: what awaits review, and post → first review (median, p90) from the moving clock', async () => {
    const posts: string[] = [];
    for (const text of ['东头水管爆了', '东头电线掉了', '西头路灯坏了好几天']) posts.push((await h.ok(WHO.resident, 'createPost', { villageId: V, text })).postId);
    await h.ok(WHO.worker2, 'submitLead', { villageId: V, text: '河滨组有人落水' });
    h.now.value += 10 * 60_000;
    await h.ok(WHO.worker, 'dismissLead', { villageId: V, leadId: posts[0], reason: '已修好' });
    h.now.value += 50 * 60_000;
    await h.ok(WHO.worker, 'replyLead', { villageId: V, leadId: posts[1], text: '已报供电所' });
    const all = await h.ok(WHO.committee, 'coverage', { villageId: V });
    expect(h.lastCalls.length).toBeLessThanOrEqual(2);
    const g1 = all.grids.find((g) => g.gridId === 'qingshi:g1')!;
    expect(g1).toMatchObject({ gridName: '第一网格（东头）', awaiting: 1, reviewed: 2, medianMinutes: 10, p90Minutes: 60 });
    expect(all.grids.find((g) => g.gridId === 'qingshi:g3')).toMatchObject({ awaiting: 1, reviewed: 0, medianMinutes: null });
    expect(all.grids.find((g) => g.gridId === 'qingshi:g4')).toMatchObject({ awaiting: 0 });
    const mine = await h.ok(WHO.worker, 'coverage', { villageId: V });
    expect(mine.grids.map((g) => g.gridId)).toEqual(['qingshi:g1', 'qingshi:g2']);
    expect(await h.code(WHO.resident, 'coverage', { villageId: V })).toBe('forbidden');
    // reviews older than the window drop out of the latency, what still waits does not
    h.now.value += 31 * 24 * 3600_000;
    const later = await h.ok(WHO.committee, 'coverage', { villageId: V });
    expect(later.grids.find((g) => g.gridId === 'qingshi:g1')).toMatchObject({ awaiting: 1, reviewed: 0 });
  });
});
