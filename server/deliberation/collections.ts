import type { CollectionSpec } from '../collections';

/** Collections of the deliberation function (协商议事). */
export const deliberationCollections: CollectionSpec[] = [
  {
    name: 'delib',
    purpose:
      '协商议事 — by `kind`: settings (`${v}:settings`, seconds needed, reminder lead), topic (`${v}:t:…`: the topic, its seconders, ' +
      'its poll (configuration, state, the roll id, the results), the outcome and follow-ups), unit (`${topicId}:u<rollId>:<unit>`: one ' +
      'unit of the roll fixed at opening — who may vote, and once voted: who, how (self / 代办), the commitment and the ballot SEALED ' +
      'under a key outside the database until the count), box (`${topicId}:box:<n>`: the opened ballots, receipt + choices in receipt ' +
      'order, written once at the count — no voter, no time), reply (`${topicId}:r:…`, the discussion). Idempotency markers ' +
      '`reqs.<requestId>` on what a request changed; votes use the voter\'s nonce instead (a marker would tie a request to a ballot).',
    indexes: [
      // listTopics: a village's topics by state, newest change first
      { name: 'village_kind_state_updated', keys: { villageId: 1, kind: 1, state: 1, updatedAt: -1 } },
      { name: 'village_kind_updated', keys: { villageId: 1, kind: 1, updatedAt: -1 } },
      // getTopic, listReplies: the discussion of a topic a page at a time, newest first; and a topic's units and box (the count, listRoll, the reminder)
      { name: 'topic_kind_at', keys: { topicId: 1, kind: 1, at: 1 } },
      // pollClock: polls to open, to count, to remind (across villages)
      { name: 'poll_state_opens', keys: { 'poll.state': 1, 'poll.opensAt': 1 } },
      { name: 'poll_state_closes', keys: { 'poll.state': 1, 'poll.closesAt': 1 } },
      { name: 'poll_state_remind', keys: { 'poll.state': 1, 'poll.remindAt': 1 } },
      // pollClock: audit records a poll opened at once left on its topic
      { name: 'audit_due', keys: { auditDueAt: 1 } },
    ],
    permission: 'ADMINONLY',
  },
];
