/**
 * The 议事 tab's stamp: listTopics' first page as a member sees it changes when a topic of the village is
 * proposed, seconded, moved, polled or decided — each sets the topic's `updatedAt`, and the list is sorted
 * by it — so the newest-changed topic stands for the list (index village_kind_updated). While a poll is
 * open the list also shows whether my unit has voted, which a vote from another phone of my household
 * changes without touching the topic: then there is no stamp and the phone asks every time. The board joins
 * it in its first read (client/src/state/tab-stamps.ts).
 */
import { sha } from '../kernel/context';
import type { Doc, Stage } from '../kernel/store';
import { DELIB } from './model';

/** Stages for an aggregate whose rows are a member's register entry in `villageId`. */
export function topicsStampStages(villageId: string): Stage[] {
  const topics = { villageId, kind: 'topic' };
  return [
    { $lookup: { from: DELIB, let: {}, pipeline: [{ $match: topics }, { $sort: { updatedAt: -1, _id: 1 } }, { $limit: 1 }, { $project: { updatedAt: 1 } }], as: 'topicsLatest' } },
    { $lookup: { from: DELIB, let: {}, pipeline: [{ $match: { ...topics, 'poll.state': 'open' } }, { $limit: 1 }, { $project: { _id: 1 } }], as: 'topicsPollOpen' } },
  ];
}

/** The stamp from a row those stages joined; null while a poll of the village is open. */
export function topicsStampOf(row: Record<string, unknown>): string | null {
  const docs = (v: unknown): Doc[] => (Array.isArray(v) ? (v.filter((d) => d && typeof d === 'object') as Doc[]) : []);
  if (docs(row.topicsPollOpen).length > 0) return null;
  const latest = docs(row.topicsLatest)[0];
  return sha(JSON.stringify(latest ? [latest._id, latest.updatedAt] : null), 12);
}
