import type { CollectionSpec } from '../collections';

/** Collections of the grid function (网格上报). */
export const gridCollections: CollectionSpec[] = [
  {
    name: 'tickets',
    purpose:
      '网格工单 — one document per report (`${v}:t:${hash}`, the hash from reporter + requestId so a retried submit lands on the same ticket): ' +
      'status and its bucket (open / fixed / closed), category, grid, route and assignee, the reporter (and the grid worker who reported ' +
      'for them, 代报, with the consent), deadlines (`dueAt` = the one that runs now), escalation level, `nextCheckAt` (when the deadline ' +
      'timer must look again), subscribe consents, supporters (附议), an optional patrol-lead `source`, and the idempotency markers ' +
      '`reqs.<requestId>`. The village catalogue and boundary live in the register (`${v}:gridcfg`).',
    indexes: [
      // publicBoard: a village's tickets by bucket, newest first
      { name: 'village_bucket_created', keys: { villageId: 1, bucket: 1, createdAt: -1 } },
      // listDueTickets: open tickets due soonest first (committee: the village; workers: their grids)
      { name: 'village_bucket_due', keys: { villageId: 1, bucket: 1, dueAt: 1 } },
      { name: 'village_bucket_grid_due', keys: { villageId: 1, bucket: 1, gridId: 1, dueAt: 1 } },
      { name: 'assignee_bucket_due', keys: { assigneeId: 1, bucket: 1, dueAt: 1 } },
      // listMyTickets: what I reported, and what I reported for others (代报)
      { name: 'reporter_created', keys: { reporterId: 1, createdAt: -1 } },
      { name: 'reported_by_created', keys: { reportedById: 1, createdAt: -1 } },
      // sweepDeadlines: tickets whose next reminder / deadline / escalation step has come
      { name: 'next_check', keys: { nextCheckAt: 1 } },
      // the patrol job: the ticket made from a lead
      { name: 'source_lead', keys: { 'source.leadId': 1 } },
    ],
    permission: 'ADMINONLY',
  },
];
