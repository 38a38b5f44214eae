/** The patrol demo: seeded through the commands, idempotent, with the leads a tester expects to find. */
import { seedDemoStore } from '../../../demo/seed';
import { demoChatRecord, seedPatrolDemo } from '../../../demo/patrol';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { parseChatRecord } from '../../../server/patrol/import';
import { T0 } from './harness';

it('yesterday\'s group chat is a few hundred lines that parse, and the seed leaves handled and open leads', async () => {
  const text = demoChatRecord(T0);
  expect(text.split('\n').length).toBeGreaterThan(200);
  const parsed = parseChatRecord(text);
  expect(parsed.ok).toBe(true);

  const store = new MemoryStore();
  await seedDemoStore(store, T0);
  const docs = store.all('patrol');
  const heads = docs.filter((d) => d.leadId === d._id);
  const status = (part: string) => heads.find((d) => String(d.text).includes(part))?.leadStatus;
  expect(status('社保卡已被冻结')).toBe('warned');
  expect(status('冒充子女')).toBe('dismissed');
  expect(status('宅基地')).toBe('escalated');
  expect(status('管涌')).toBe('open');
  expect(status('电线断了')).toBe('open');
  // the two copies of the social-security scam are one lead with two messages
  const social = heads.find((d) => String(d.text).includes('社保卡已被冻结'))!;
  expect(docs.filter((d) => d.leadId === social._id)).toHaveLength(2);
  expect(docs.some((d) => d.warningPinned === true)).toBe(true);

  // a second run adds nothing
  const count = docs.length;
  expect(await seedPatrolDemo(store, T0)).toEqual({ seeded: false, messages: 0 });
  expect(store.all('patrol')).toHaveLength(count);
});
