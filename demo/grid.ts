/**
 * The grid job's demo data in 青石村: the village's grid settings (catalogue, boundary, grid centres) and
 * tickets in several states — made by running the real commands through the router (so every ticket has
 * its audit trail, deadlines and markers exactly as the app would make them), at times in the past.
 * One is overdue and will be escalated by the deadline timer's first run.
 * Idempotent: its own marker `seed:grid:v1` is written last.
 */
import { REGISTER } from '../server/kernel/auth';
import { createFakeOpenApi } from '../server/kernel/openapi';
import { route } from '../server/kernel/router';
import type { Doc, Store } from '../server/kernel/store';
import { DEFAULT_CATEGORIES, settingsDocId, type GridSettingsDoc } from '../server/grid/catalogue';
import { gridFunction } from '../server/grid/spec';
import { demoRegister, DEMO_OPENIDS as P } from './village';

export const GRID_SEED_MARKER_ID = 'seed:grid:v1';
/** the subscribe-message template the demo asks consent for (the emulator accepts any id) */
export const DEMO_TICKET_TEMPLATE = 'demo-ticket-update';
export const DEMO_DIGEST_TEMPLATE = 'demo-daily-digest';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** 青石村 lies around this point (a village in the hills west of 杭州); 1.5 km takes in all four grids. */
export const QINGSHI_CENTRE = { latitude: 30.0462, longitude: 119.9587 };

export function gridSettingsDocs(): GridSettingsDoc[] {
  return [
    {
      _id: settingsDocId('qingshi'),
      kind: 'grid_settings',
      villageId: 'qingshi',
      categories: DEFAULT_CATEGORIES,
      boundary: { ...QINGSHI_CENTRE, radiusM: 1500 },
      gridCentres: {
        'qingshi:g1': { latitude: 30.0466, longitude: 119.965 },
        'qingshi:g2': { latitude: 30.046, longitude: 119.952 },
        'qingshi:g3': { latitude: 30.042, longitude: 119.959 },
        'qingshi:g4': { latitude: 30.0505, longitude: 119.9595 },
      },
      templates: { ticketUpdate: DEMO_TICKET_TEMPLATE, dailyDigest: DEMO_DIGEST_TEMPLATE },
    },
    {
      _id: settingsDocId('liushu'),
      kind: 'grid_settings',
      villageId: 'liushu',
      categories: DEFAULT_CATEGORIES,
      boundary: { latitude: 30.08, longitude: 119.99, radiusM: 1200 },
      gridCentres: { 'liushu:g1': { latitude: 30.082, longitude: 119.99 }, 'liushu:g2': { latitude: 30.078, longitude: 119.99 } },
      templates: { ticketUpdate: DEMO_TICKET_TEMPLATE, dailyDigest: DEMO_DIGEST_TEMPLATE },
    },
  ];
}

const WORKER_G3 = 'demo-qingshi-gridworker-2';

export interface GridSeedResult {
  seeded: boolean;
  tickets: number;
}

/** Writes the settings and the demo tickets over any Store (the SDK store in `npm start`, the memory store in tests). */
export async function seedGridDemo(store: Store, now: number): Promise<GridSeedResult> {
  if (await store.get(REGISTER, GRID_SEED_MARKER_ID)) return { seeded: false, tickets: 0 };
  for (const d of gridSettingsDocs()) await store.put(REGISTER, d);

  const people = demoRegister(now).filter((d) => d.kind === 'person') as (Doc & { name: string })[];
  const idOf = (name: string) => people.find((p) => p.name === name && p._id.startsWith('qingshi:'))!._id;
  const openapi = createFakeOpenApi();
  let n = 0;
  const run = async (openid: string, at: number, action: string, payload: Record<string, unknown>): Promise<any> => {
    const answer = await route(gridFunction, { action, payload: { villageId: 'qingshi', ...payload }, requestId: `seed-grid-${++n}` }, { openid, clock: () => at, store, openapi });
    if (!answer.ok) throw new Error(`demo grid seed: ${action} failed: ${answer.error.code}`);
    return answer.data;
  };
  const point = (latitude: number, longitude: number, name: string) => ({ kind: 'point', latitude, longitude, name });

  // 1. 王小梅: a burst pipe, accepted and being fixed
  const pipe = await run(P.resident, now - 5 * HOUR, 'submitReport', {
    categoryId: 'water_power',
    text: '东头组1号门口的自来水管爆了，水一直往路上冒，麻烦尽快来看看',
    place: point(30.0468, 119.9652, '东头组水井旁'),
  });
  await run(P.gridWorker, now - 4 * HOUR, 'acceptTicket', { ticketId: pipe.ticketId });
  await run(P.gridWorker, now - 3 * HOUR, 'startTicket', { ticketId: pipe.ticketId });
  // 李桂兰 backs it instead of filing it again
  await run(P.elder, now - 2 * HOUR, 'supportTicket', { ticketId: pipe.ticketId });

  // 2. 李桂兰: rubbish at the village entrance, resolved and waiting for her answer
  const rubbish = await run(P.elder, now - 3 * DAY, 'submitReport', { categoryId: 'sanitation', text: '村口垃圾堆了好几天没人清运，天热很臭', place: { kind: 'text', text: '东头组村口垃圾房' } });
  await run(P.gridWorker, now - 3 * DAY + HOUR, 'acceptTicket', { ticketId: rubbish.ticketId });
  await run(P.gridWorker, now - 2 * DAY, 'resolveTicket', { ticketId: rubbish.ticketId, note: '已联系镇环卫站清运，垃圾房已冲洗消毒' });

  // 3. 王小梅: a pothole in the west, fixed and confirmed with five stars
  const pothole = await run(P.resident, now - 12 * DAY, 'submitReport', { categoryId: 'road', text: '西头组去河滨组的路上有个大坑，晚上看不见，电动车差点摔了', place: point(30.0458, 119.9525, '西头组路口') });
  await run(P.gridWorker, now - 12 * DAY + 2 * HOUR, 'acceptTicket', { ticketId: pothole.ticketId });
  await run(P.gridWorker, now - 10 * DAY, 'resolveTicket', { ticketId: pothole.ticketId, note: '已用沥青补平，并加装了一盏路灯' });
  await run(P.resident, now - 9 * DAY, 'confirmTicket', { ticketId: pothole.ticketId, rating: 5, comment: '补得很平，谢谢张师傅' });

  // 4. 张建军 reports for 王德福 (no WeChat, 代报 with his consent): a cracked wall goes to the committee
  const wall = await run(P.gridWorker, now - 2 * DAY, 'submitReport', {
    categoryId: 'unsafe_house',
    text: '王德福家老房子后墙裂缝越来越大，下雨天往里渗水，老人一个人住',
    onBehalfOf: { residentId: idOf('王德福'), consent: 'in_person', consentNote: '上门走访时老人当面同意' },
  });
  await run(P.committee, now - 2 * DAY + 2 * HOUR, 'acceptTicket', { ticketId: wall.ticketId });

  // 5. 高建华 reports for 邓凤英: no water for two days — nobody has accepted it, it is overdue
  await run(WORKER_G3, now - 9 * HOUR, 'submitReport', {
    categoryId: 'water_power',
    text: '河滨组7号邓凤英家停水两天了，老人吃水困难，电话13905551234',
    onBehalfOf: { residentId: idOf('邓凤英'), consent: 'phone' },
  });

  // 6. 王小梅 asks about the electricity bill: not the village's to answer, referred
  const bill = await run(P.resident, now - 6 * DAY, 'submitReport', { categoryId: 'policy', text: '这个月电费怎么突然这么贵，是不是电表有问题？' });
  await run(P.committee, now - 6 * DAY + 3 * HOUR, 'rejectTicket', { ticketId: bill.ticketId, reason: '电表和电费由供电公司负责', referral: '河湾供电所，电话 95598' });

  // 7. 李桂兰 reports the burst pipe again: marked as a duplicate of the first
  const again = await run(P.elder, now - 4 * HOUR, 'submitReport', { categoryId: 'water_power', text: '东头组水管漏水了' });
  await run(P.gridWorker, now - 3 * HOUR, 'markDuplicate', { ticketId: again.ticketId, duplicateOf: pipe.ticketId });

  await store.put(REGISTER, { _id: GRID_SEED_MARKER_ID, kind: 'meta', villageId: 'qingshi', seededAt: now, tickets: 7 });
  return { seeded: true, tickets: 7 };
}
