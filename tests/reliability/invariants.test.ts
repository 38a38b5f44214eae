/**
 * The invariants the crash harness and the races judge by are not vacuous: on the seeded demo township
 * they hold, and each planted breach is named.
 */
import type { Emulator } from '../../emulator';
import { startDemoEmulator } from '../../demo/start-demo';
import { checkInvariants } from './support/invariants';

let emu: Emulator;

beforeAll(async () => {
  ({ emu } = await startDemoEmulator({ logFunctionErrors: false }));
});

afterAll(async () => {
  await emu?.close();
});

const rules = () => checkInvariants(emu.store).map((v) => `${v.job}.${v.rule}`);

test('the demo township keeps every invariant', () => {
  expect(rules()).toEqual([]);
});

test('each planted breach is named', () => {
  const snap = emu.store.snapshot();
  try {
    const ledger = emu.store.all('ledger');
    const account = ledger.find((d) => d.kind === 'account' && d.balance > 0)!;
    emu.store.put('ledger', { ...account, balance: account.balance + 1 });
    const goods = ledger.find((d) => d.kind === 'goods')!;
    emu.store.put('ledger', { ...goods, stock: -1 });
    const topic = emu.store.all('delib').find((d) => d.kind === 'topic' && d.poll?.results && d.poll?.rollId)!;
    emu.store.put('delib', { ...topic, poll: { ...topic.poll, results: { ...topic.poll.results, ballots: topic.poll.results.ballots + 1 } } });
    const ticket = emu.store.all('tickets').find((d) => d.kind === 'ticket')!;
    emu.store.put('tickets', { ...ticket, bucket: ticket.bucket === 'open' ? 'closed' : 'open' });
    emu.store.insert('audit', { _id: `${ticket._id}#planted`, targetId: ticket._id, requestId: 'planted', action: 'confirmTicket', at: 0, details: { from: 'submitted', to: 'confirmed' } });
    expect(new Set(rules())).toEqual(
      new Set(['ledger.balance_not_sum_of_legs', 'ledger.stock_negative', 'deliberation.counted_ballots_not_voted_units', 'grid.bucket_not_of_state', 'grid.transition_not_in_table']),
    );
  } finally {
    emu.store.restore(snap);
  }
});
