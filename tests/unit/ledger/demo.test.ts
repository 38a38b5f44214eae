/** The 道德银行's demo data: balances built from real postings, a claim in 公示, one to review, goods, pickups. */
import { seedLedgerDemo } from '../../../demo/ledger';
import { harness } from '../server/harness';

test('青石村 has a working 道德银行 after seeding, and seeding again adds nothing', async () => {
  const h = await harness();
  const ledger = h.store.all('ledger') as any[];
  const accounts = ledger.filter((d) => d.kind === 'account');
  expect(accounts.length).toBeGreaterThanOrEqual(5);
  const entries = ledger.filter((d) => d.kind === 'entry');
  for (const a of accounts) {
    // every balance is the sum of its entries, never below zero
    const mine = entries.filter((e) => e.householdId === a.householdId);
    expect(a.balance).toBe(mine.reduce((s: number, l: { amount: number }) => s + l.amount, 0));
    expect(a.entries).toBe(mine.length);
    expect(a.balance).toBeGreaterThanOrEqual(0);
  }
  const claims = ledger.filter((d) => d.kind === 'claim');
  expect(claims.filter((c) => c.status === 'public')).toHaveLength(1);
  expect(claims.filter((c) => c.status === 'pending')).toHaveLength(1);
  expect(claims.filter((c) => c.status === 'posted').length).toBeGreaterThanOrEqual(7);
  expect(ledger.filter((d) => d.kind === 'goods').map((g) => g.name).sort()).toEqual(['大米（10斤）', '毛巾', '洗衣粉', '食用油（5升）'].sort());
  const redemptions = entries.filter((e) => e.pickup).map((e) => e.pickup);
  expect(redemptions.map((r) => r.status).sort()).toEqual(['picked', 'reserved']);
  const before = h.snapshot();
  expect(await seedLedgerDemo(h.store, h.now.value)).toEqual({ seeded: false });
  expect(h.snapshot()).toBe(before);
});
