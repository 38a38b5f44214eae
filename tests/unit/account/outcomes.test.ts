/**
 * The pure parts of the 成效看板 and the audit chain: periods in Beijing time, the period expression the
 * database evaluates (against the same rule in code, over random timestamps), CSV, medians, and the chain's
 * seal-and-verify over a memory store (a record edited after sealing is named).
 */
import fc from 'fast-check';
import { Aggregator } from 'mingo';
import { bucketExpr, bucketOf, dayStart, rangeOf } from '../../../server/account/outcomes/periods';
import { BOM, csvCell, toCsv } from '../../../server/account/outcomes/csv';
import { weightedMedian } from '../../../server/account/outcomes/figures';
import { AppError } from '../../../server/kernel/errors';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { AUDIT_CHAIN, sealAudit, startOfChain, verifyChain, verifyPage } from '../../../server/kernel/audit-chain';

const NOW = Date.parse('2026-12-04T05:00:00Z'); // 13:00 in Beijing
const codeOf = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('periods', () => {
  it('the default month view is the 12 calendar months up to today, in Beijing time', () => {
    const r = rangeOf(NOW, 'month');
    expect(r.periods.map((p) => p.label)).toEqual(['2026年1月', '2026年2月', '2026年3月', '2026年4月', '2026年5月', '2026年6月', '2026年7月', '2026年8月', '2026年9月', '2026年10月', '2026年11月', '2026年12月']);
    expect(r.start).toBe(Date.parse('2025-12-31T16:00:00Z'));
    expect(r.end).toBe(Date.parse('2026-12-04T16:00:00Z'));
    expect(r.periods[1].from).toBe(dayStart('2026-02-01'));
    expect(r.bounds).toHaveLength(13);
  });

  it('weeks start on Monday; the default is 12 of them', () => {
    const r = rangeOf(NOW, 'week');
    expect(r.periods).toHaveLength(12);
    expect(r.fromDay).toBe('2026-09-14'); // a Monday, 11 weeks before the Monday of 2026-12-04
    expect(new Date(`${r.fromDay}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(r.periods[11].label).toBe('11/30–12/4');
  });

  it('refuses ranges out of bounds by name', () => {
    expect(codeOf(() => rangeOf(NOW, 'month', '2026-05-01', '2026-04-01'))).toBe('range_invalid');
    expect(codeOf(() => rangeOf(NOW, 'month', undefined, '2026-12-05'))).toBe('range_in_future');
    expect(codeOf(() => rangeOf(NOW, 'month', '2019-12-31', '2020-01-31'))).toBe('range_too_early');
    expect(codeOf(() => rangeOf(NOW, 'week', '2025-12-03', '2026-12-04'))).toBe('range_too_long');
    expect(codeOf(() => rangeOf(NOW, 'week', '2025-12-04', '2026-12-04'))).toBe('ok');
    expect(codeOf(() => rangeOf(NOW, 'month', '2026-02-30'))).toBe('invalid_input');
  });

  it('the database expression puts every timestamp in the same period as the code does', () => {
    const r = rangeOf(NOW, 'month');
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: r.start - 40 * 86_400_000, max: r.end + 40 * 86_400_000 }), { nil: null }), { minLength: 1, maxLength: 50 }), (ats) => {
        const docs = ats.map((at, i) => (at === null ? { _id: i } : { _id: i, at }));
        const out = new Aggregator([{ $project: { at: 1, b: bucketExpr(r.bounds, 'at') } }]).run(docs) as { at?: number; b: number }[];
        return out.every((d) => d.b === bucketOf(r.bounds, d.at));
      }),
    );
    // the edges: the first millisecond of a month opens it, the last closes the one before
    const march = r.periods[2];
    expect(bucketOf(r.bounds, march.from)).toBe(2);
    expect(bucketOf(r.bounds, march.from - 1)).toBe(1);
    expect(bucketOf(r.bounds, r.end)).toBe(12);
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs it, and never hands Excel a formula', () => {
    const csv = toCsv(['村', '内容'], [['青石村', '他说："修路"，好'], ['柳树村', '=HYPERLINK("x")'], ['a', 'line\nbreak'], ['b', 3.5]]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}村,内容\r\n青石村,"他说：""修路""，好"\r\n柳树村,"'=HYPERLINK(""x"")"\r\na,"line\nbreak"\r\nb,3.5\r\n`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('是');
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('medians of grouped values', () => {
  it('weighs each value by its count', () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([[5, 1]])).toBe(5);
    expect(weightedMedian([[1, 1], [9, 1]])).toBe(5);
    expect(weightedMedian([[1, 3], [9, 1]])).toBe(1);
    expect(weightedMedian([[9, 2], [1, 2], [4, 1]])).toBe(4);
  });
});

describe('the audit chain over a memory store', () => {
  const record = (i: number, at: number, extra: Record<string, unknown> = {}) => ({ _id: `v1:x#r${i}`, villageId: 'v1', at, action: 'createPost', actorId: 'v1:u:a', actorName: '甲', onBehalfOf: null, targetId: 'v1:x', summary: `第${i}条`, details: {}, notify: [], event: null, requestId: `r${i}`, ...extra });

  it('seals in posted order, names the first record edited after sealing, and holds again once restored', async () => {
    const store = new MemoryStore();
    const t0 = NOW - 3600_000;
    await store.put('register', { _id: 'v1:village', kind: 'village', villageId: 'v1' });
    for (let i = 0; i < 10; i++) await store.create('audit', record(i, t0 + i * 1000));
    // appended late: happened first, arrived last
    await store.create('audit', record(10, t0 - 5000, { postedAt: t0 + 20_000 }));
    const out = await sealAudit(store, NOW);
    expect(out).toMatchObject({ blocks: 1, records: 11 });
    const [block] = (await store.find(AUDIT_CHAIN, {})) as any[];
    expect(block.entries.map((e: unknown[]) => e[0])).toEqual([...Array.from({ length: 10 }, (_, i) => `v1:x#r${i}`), 'v1:x#r10']);
    expect(block.entries[10][2]).toBe(1);
    expect((await verifyChain(store, 'v1')).problem).toBeNull();

    const victim = (await store.get('audit', 'v1:x#r4'))!;
    await store.put('audit', { ...victim, summary: '改过的' });
    const page = await verifyPage(store, 'v1', startOfChain('v1'));
    expect(page.problem).toMatchObject({ kind: 'edited', recordId: 'v1:x#r4', seq: 1 });
    await store.put('audit', victim);
    expect((await verifyChain(store, 'v1')).problem).toBeNull();
    // a second run with nothing new writes nothing
    expect(await sealAudit(store, NOW + 60_000)).toMatchObject({ blocks: 0 });
  });
});
