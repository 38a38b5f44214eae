/**
 * 表决结果 in one call: listReceipts answers the counted poll with its published result beside the ballots
 * (the page needs no getTopic), within 3 round trips, and nothing in the answer of a secret poll names a voter.
 */
import { countBallots, decide } from '../../../server/deliberation/rules';
import { codeOf, delibHarness, nonce, P, type DelibHarness } from './harness';
import { keyOf } from '../../../server/deliberation/model';

let h: DelibHarness;
beforeEach(async () => {
  h = await delibHarness();
});

it('the first page carries the poll and its result as getTopic shows them; the recount from it matches', async () => {
  const topicId = await h.openPoll({ rollType: 'residents', secret: true });
  const voters = h.residents().slice(0, 7);
  for (const [i, v] of voters.entries()) await h.dOk(v.openid, 'castVote', { topicId, unitId: keyOf(v.id), choices: [i < 4 ? 'yes' : 'no'], nonce: nonce() });
  await h.closeAndCount(topicId);

  const page = await h.dOk(P.elder, 'listReceipts', { topicId, offset: 0, pageSize: 1000 });
  expect(h.lastCalls.length).toBeLessThanOrEqual(3);
  const topic = await h.dOk(P.elder, 'getTopic', { topicId });
  expect(page.poll).toEqual(topic.poll);
  expect(page.poll.results).toMatchObject({ ballots: 7, counts: { yes: 4, no: 3 } });
  // what the page recounts with: the rules from the poll, the ballots from the rows
  const p = page.poll;
  const optionIds = p.options.map((o) => o.id);
  const recount = countBallots(optionIds, page.rows);
  expect(recount).toEqual(p.results!.counts);
  const again = decide({ kind: p.kind, optionIds, maxChoices: p.maxChoices, quorum: p.quorum, threshold: p.threshold, rollSize: p.results!.rollSize, ballots: page.rows.length, counts: recount });
  expect(again.passed).toBe(p.results!.passed);

  // secret: receipts and choices only, no name, id or openid of anyone on the roll
  expect(page.openVotes).toBeNull();
  const text = JSON.stringify(page);
  for (const v of h.residents()) for (const s of [v.openid, v.id, v.name]) expect(text).not.toContain(s);

  // a later page carries the same poll
  const later = await h.dOk(P.elder, 'listReceipts', { topicId, offset: 5, pageSize: 5 });
  expect(later.rows).toEqual(page.rows.slice(5));
  expect(later.poll).toEqual(page.poll);
});

it('before the count: results_not_published, as before', async () => {
  const topicId = await h.openPoll({});
  expect(codeOf(await h.d(P.resident, 'listReceipts', { topicId }))).toBe('results_not_published');
});
