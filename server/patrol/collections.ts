import type { CollectionSpec } from '../collections';

/** Collections of the patrol function (巡群). */
export const patrolCollections: CollectionSpec[] = [
  {
    name: 'patrol',
    purpose:
      '巡群 — by `kind`: the village settings (`_id` = villageId: the lexicon edits and their version, joined to the caller ' +
      'in one read by $lookup on villageId), and messages (`${v}:m:…`: board posts, replies, texts pasted from a WeChat ' +
      'group, imported chat lines — `${v}:m:i<dedupeKey>` so a re-import adds nothing). A flagged message that opens a ' +
      'lead carries the lead state (leadStatus, priority, flaggerIds, bandKeys); near-duplicates point to it by leadId.',
    indexes: [
      // listQueue: a village's leads by state and grid, most urgent then oldest
      { name: 'village_lead_grid_priority', keys: { villageId: 1, leadStatus: 1, gridId: 1, priority: -1, leadAt: 1 } },
      // listBoard: shown posts newest first
      { name: 'village_board_posted', keys: { villageId: 1, board: 1, postedAt: -1 } },
      // the board and 听通知: the recent months' pinned warnings, looked up with the caller (loadPatrol)
      { name: 'pinned_in', keys: { pinnedIn: 1 } },
      // getThread: replies of a post
      { name: 'thread_posted', keys: { threadId: 1, postedAt: 1 } },
      // cluster members of a lead ($lookup from the queue)
      { name: 'lead_members', keys: { leadId: 1, postedAt: 1 } },
      // near-duplicate candidates: the minhash bands of open leads ($lookup, multikey)
      { name: 'band_keys', keys: { bandKeys: 1 } },
      // a flagger's history (their weight): the leads they flagged ($lookup, multikey)
      { name: 'flaggers', keys: { flaggerIds: 1 } },
      // coverage: messages that became leads or were held, by time
      { name: 'village_review_posted', keys: { villageId: 1, needsReview: 1, postedAt: -1 } },
    ],
    permission: 'ADMINONLY',
  },
];
