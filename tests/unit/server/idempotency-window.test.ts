/**
 * The idempotency window (kernel/idempotency.ts): request markers older than IDEMPOTENCY_WINDOW_MS leave a
 * document in the next write that document gets anyway; inside the window a retry is answered from its
 * marker; the marker of the request that created a document stays for good. The clock is moved, not waited.
 */
import { DEMO_INVITE_CODE, DEMO_OPENIDS as P } from '../../../demo/village';
import { REGISTER } from '../../../server/kernel/auth';
import { makeContext } from '../../../server/kernel/context';
import { IDEMPOTENCY_WINDOW_MS, staleMarkerIds, withMarkerPruning } from '../../../server/kernel/idempotency';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { harness, T0, type Harness } from './harness';

const Q = 'qingshi';
const DAY = 24 * 3600_000;
const markersOf = (h: Harness, id: string) => Object.keys((h.store.all(REGISTER).find((d) => d._id === id)?.reqs as Record<string, unknown>) ?? {}).sort();

describe('the window', () => {
  it('is a week: longer than any retry and the outbox’s usual life, short enough to keep documents small', () => {
    expect(IDEMPOTENCY_WINDOW_MS).toBe(7 * DAY);
  });

  it('lets go of markers older than the window, never the creation marker, never a malformed entry', () => {
    const doc = {
      _id: 'x',
      reqs: {
        made: { h: 'a', at: T0, out: 1, created: true },
        old: { h: 'b', at: T0 + DAY, out: 2 },
        edge: { h: 'c', at: T0 + 2 * DAY, out: 3 },
        young: { h: 'd', at: T0 + 5 * DAY, out: 4 },
        odd: 'not a marker',
      },
    };
    expect(staleMarkerIds(doc, T0 + 2 * DAY + IDEMPOTENCY_WINDOW_MS)).toEqual(['old']);
    expect(staleMarkerIds(doc, T0 + 2 * DAY + IDEMPOTENCY_WINDOW_MS + 1)).toEqual(['old', 'edge']);
    expect(staleMarkerIds({ _id: 'y' }, T0)).toEqual([]);
  });
});

describe('pruning rides on the write that already happens', () => {
  const setUp = async () => {
    const store = new MemoryStore();
    await store.create('c', { _id: 'doc', n: 0, reqs: { made: { h: 'a', at: T0, out: null, created: true }, old: { h: 'b', at: T0 + DAY, out: 1 }, young: { h: 'c', at: T0 + 9 * DAY, out: 2 } } });
    return store;
  };
  const now = T0 + 10 * DAY;

  it('an update writing this request’s marker on a document read before unsets the stale markers, in the same call', async () => {
    const inner = await setUp();
    const updates: unknown[] = [];
    const counted = Object.assign(Object.create(inner), { updateWhere: (c: string, q: never, u: never) => (updates.push(u), inner.updateWhere(c, q, u)) });
    const store = withMarkerPruning(counted, 'mine', now);
    await store.get('c', 'doc');
    expect(await store.updateWhere('c', { _id: 'doc', 'reqs.mine': { $exists: false } }, { $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } }, $inc: { n: 1 } })).toBe(1);
    expect(updates).toEqual([{ $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } }, $inc: { n: 1 }, $unset: { 'reqs.old': true } }]);
    const doc = await inner.get('c', 'doc');
    expect(Object.keys(doc!.reqs as object).sort()).toEqual(['made', 'mine', 'young']);
    expect(doc!.n).toBe(1);
  });

  it('notes the documents an aggregate joined in ($lookup): the ledger reads its accounts that way', async () => {
    const inner = await setUp();
    await inner.create('root', { _id: 'r', key: 'k' });
    await inner.updateWhere('c', { _id: 'doc' }, { $set: { key: 'k' } });
    const store = withMarkerPruning(inner, 'mine', now);
    const [row] = await store.aggregate('root', [{ $match: { _id: 'r' } }, { $limit: 1 }, { $lookup: { from: 'c', localField: 'key', foreignField: 'key', as: '_joined' } }]);
    expect((row._joined as unknown[]).length).toBe(1);
    await store.updateWhere('c', { _id: 'doc' }, { $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object).sort()).toEqual(['made', 'mine', 'young']);
  });

  it('does nothing to a document it did not read, to an update without this request’s marker, or to a projection without the markers', async () => {
    const inner = await setUp();
    const blind = withMarkerPruning(inner, 'mine', now);
    await blind.updateWhere('c', { _id: 'doc' }, { $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object)).toContain('old');

    const other = withMarkerPruning(inner, 'mine2', now);
    await other.get('c', 'doc');
    await other.updateWhere('c', { _id: 'doc' }, { $set: { n: 5 } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object)).toContain('old');

    const projected = withMarkerPruning(inner, 'mine3', now);
    await projected.find('c', { _id: 'doc' }, { fields: ['n'] });
    await projected.updateWhere('c', { _id: 'doc' }, { $set: { 'reqs.mine3': { h: 'e', at: now, out: 4 } } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object)).toContain('old');
  });

  it('a whole document written back (put) leaves its stale markers out; a transaction’s update prunes like updateWhere', async () => {
    const inner = await setUp();
    const store = withMarkerPruning(inner, 'mine', now);
    const doc = (await store.get('c', 'doc'))!;
    await store.put('c', { ...doc, reqs: { ...(doc.reqs as object), mine: { h: 'd', at: now, out: 3 } } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object).sort()).toEqual(['made', 'mine', 'young']);

    const inner2 = await setUp();
    const txStore = withMarkerPruning(inner2, 'mine', now);
    await txStore.transaction(async (t) => {
      await t.get('c', 'doc');
      await t.update('c', 'doc', { $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } } });
    });
    expect(Object.keys((await inner2.get('c', 'doc'))!.reqs as object).sort()).toEqual(['made', 'mine', 'young']);
  });

  it('is what every command’s context writes through', async () => {
    const inner = await setUp();
    const ctx = makeContext({ action: 'x', requestId: 'mine', payload: {}, openid: 'o', now, store: inner, openapi: createFakeOpenApi([]) });
    await ctx.store.get('c', 'doc');
    await ctx.store.updateWhere('c', { _id: 'doc' }, { $set: { 'reqs.mine': { h: 'd', at: now, out: 3 } } });
    expect(Object.keys((await inner.get('c', 'doc'))!.reqs as object).sort()).toEqual(['made', 'mine', 'young']);
  });
});

describe('through the router, on a moved clock', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  it('inside the window a retry is answered from its marker; past it the marker goes with the next write; the creation marker stays', async () => {
    const create = { villageId: Q, householdId: `${Q}:h:h05`, name: '杨老汉', birthYear: 1940 };
    const made = await h.ok(P.gridWorker, 'createOfflineResident', create, 'req-make-0001');
    const id = made.residentId;

    const fix = { villageId: Q, residentId: id, patch: { note: '女儿在外地' } };
    h.now.value = T0 + DAY;
    const first = await h.ok(P.gridWorker, 'updateOfflineResident', fix, 'req-fix-00001');
    expect(markersOf(h, id)).toEqual(['req-fix-00001', 'req-make-0001']);

    // six days later the phone sends it again: answered from the marker, nothing written
    h.now.value = T0 + 7 * DAY;
    const before = h.snapshot();
    expect(await h.ok(P.gridWorker, 'updateOfflineResident', fix, 'req-fix-00001')).toEqual(first);
    expect(h.snapshot()).toBe(before);

    // nine days after the fix another edit: the fix's marker is past the window and leaves in this write
    h.now.value = T0 + 10 * DAY;
    await h.ok(P.gridWorker, 'updateOfflineResident', { ...fix, patch: { note: '儿子回村了' } }, 'req-fix-00002');
    expect(h.lastCalls.filter((c) => c.method === 'updateWhere')).toHaveLength(1);
    expect(h.lastCalls.length).toBeLessThanOrEqual(3);
    expect(markersOf(h, id)).toEqual(['req-fix-00002', 'req-make-0001']);

    // a late retry of the create is still answered from the creation marker (no second resident, no conflict)
    h.now.value = T0 + 40 * DAY;
    expect(await h.ok(P.gridWorker, 'createOfflineResident', create, 'req-make-0001')).toEqual(made);
    expect(h.store.all(REGISTER).filter((d) => d.name === '杨老汉')).toHaveLength(1);
  });

  it('a document not written again keeps its markers: a retry much later is still answered', async () => {
    const made = await h.ok(P.gridWorker, 'createOfflineResident', { villageId: Q, householdId: `${Q}:h:h05`, name: '杨老汉' }, 'req-make-0002');
    h.now.value = T0 + DAY;
    const fix = { villageId: Q, residentId: made.residentId, patch: { elderly: true } };
    const first = await h.ok(P.gridWorker, 'updateOfflineResident', fix, 'req-fix-00003');
    h.now.value = T0 + 60 * DAY;
    const before = h.snapshot();
    expect(await h.ok(P.gridWorker, 'updateOfflineResident', fix, 'req-fix-00003')).toEqual(first);
    expect(h.snapshot()).toBe(before);
  });

  it('past the window an update whose marker is gone meets the checks of a new request: an approval made is not made twice', async () => {
    const NEW = 'o-newcomer-late1';
    const joined = await h.ok(NEW, 'joinByInvite', { code: DEMO_INVITE_CODE, name: '新村民', phone: '13912345678', address: '青石村东头组30号' });
    const approve = { villageId: Q, applicationId: joined.applicationId, decision: 'approve' as const, householdId: `${Q}:h:h01` };
    await h.ok(P.committee, 'reviewApplication', approve, 'req-approve-01');
    h.now.value = T0 + 10 * DAY;
    await h.ok(P.committee, 'assignRole', { villageId: Q, memberId: joined.applicationId, role: 'shopkeeper' }, 'req-shop-0001');
    expect(markersOf(h, joined.applicationId)).not.toContain('req-approve-01');
    const before = h.snapshot();
    const late = await h.call(P.committee, 'reviewApplication', approve, 'req-approve-01');
    expect(late.ok).toBe(false);
    expect(h.snapshot()).toBe(before);
    // refused by name: the application is no longer pending (该申请已处理过)
    expect(late.ok === false && late.error.code).toBe('application_not_pending');
  });
});
