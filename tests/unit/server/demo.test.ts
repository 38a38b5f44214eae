/** The demo township: what it holds, and that seeding twice adds nothing. */
import { personas } from '../../../demo/personas';
import { seedDemoStore } from '../../../demo/seed';
import { DEMO_INVITE_CODE, DEMO_VILLAGE } from '../../../demo/village';
import { REGISTER } from '../../../server/kernel/auth';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { T0 } from './harness';

describe('demo village', () => {
  it('holds a township over two villages, 4+ grids, 30+ households, elderly and offline residents, officials and an invite', async () => {
    const store = new MemoryStore();
    const first = await seedDemoStore(store, T0);
    expect(first).toMatchObject({ seeded: true, inviteCode: DEMO_INVITE_CODE, villageId: DEMO_VILLAGE.villageId });
    const docs = store.all(REGISTER);
    const q = docs.filter((d) => d.villageId === 'qingshi');
    expect(docs.filter((d) => d.kind === 'village').map((d) => d.name).sort()).toEqual(['柳树村', '青石村']);
    expect((q.find((d) => d.kind === 'village')!.grids as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect(q.filter((d) => d.kind === 'household').length).toBeGreaterThanOrEqual(30);
    const people = q.filter((d) => d.kind === 'person' && d.status === 'active' && (d.roles as string[]).includes('resident'));
    expect(people.filter((p) => p.elderly).length).toBeGreaterThanOrEqual(8);
    const offline = people.filter((p) => p.offline);
    expect(offline.length).toBeGreaterThanOrEqual(8);
    for (const p of offline) {
      expect(p.openid).toBeNull();
      expect(p.managedBy).toMatch(/^qingshi:u:/);
    }
    expect(q.filter((d) => (d.roles as string[] | undefined)?.includes('grid_worker')).length).toBeGreaterThanOrEqual(2);
    expect(q.filter((d) => (d.roles as string[] | undefined)?.includes('committee')).length).toBeGreaterThanOrEqual(2);
    expect(docs.filter((d) => (d.roles as string[] | undefined)?.includes('township')).map((d) => d.villageId).sort()).toEqual(['liushu', 'qingshi']);
    expect(docs.find((d) => d._id === `invite:${DEMO_INVITE_CODE}`)).toMatchObject({ status: 'active', villageId: 'qingshi' });
    expect(q.filter((d) => d.status === 'pending').length).toBeGreaterThanOrEqual(1);
    // every document carries its village
    for (const d of docs) expect(typeof d.villageId).toBe('string');
    // names are Chinese
    expect(people.every((p) => /^[\u4e00-\u9fa5]{2,4}$/.test(p.name as string))).toBe(true);
  });

  it('is idempotent: a second run adds nothing', async () => {
    const store = new MemoryStore();
    await seedDemoStore(store, T0);
    const before = JSON.stringify(store.all(REGISTER));
    expect(await seedDemoStore(store, T0 + 5000)).toMatchObject({ seeded: false, documents: 0 });
    expect(JSON.stringify(store.all(REGISTER))).toBe(before);
  });

  it('each persona has an active entry; labels in Chinese; one in elder mode', async () => {
    const store = new MemoryStore();
    await seedDemoStore(store, T0);
    const docs = store.all(REGISTER);
    expect(personas.map((p) => p.label)).toEqual(expect.arrayContaining(['普通村民', '长辈村民（长辈模式）', '网格员', '村委委员', '乡镇干部']));
    expect(personas.filter((p) => p.elderMode)).toHaveLength(1);
    expect(new Set(personas.map((p) => p.id)).size).toBe(personas.length);
    for (const p of personas) {
      expect(docs.some((d) => d.openid === p.openid && d.status === 'active')).toBe(true);
      expect(p.description).toMatch(/[\u4e00-\u9fa5]/);
    }
    const elder = personas.find((p) => p.elderMode)!;
    expect(docs.find((d) => d.openid === elder.openid)).toMatchObject({ elderly: true });
  });
});
