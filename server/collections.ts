/**
 * Every collection of the cloud DB, declared once: its indexes (the fields the code queries) and its
 * permission rule. The deploy script applies this to a real environment; the emulator builds its
 * SQLite indexes from it. Clients get no direct database access: everything goes through functions.
 */
import { accountCollections } from './account/collections';
import { deliberationCollections } from './deliberation/collections';
import { gridCollections } from './grid/collections';
import { ledgerCollections } from './ledger/collections';
import { noticesCollections } from './notices/collections';
import { patrolCollections } from './patrol/collections';

export interface IndexSpec {
  name: string;
  /** field path → 1 (ascending) or -1 (descending), in order */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  /** what the collection holds, for the next engineer */
  purpose: string;
  indexes: IndexSpec[];
  /** CloudBase security rule: no client reads or writes, only cloud functions (admin) */
  permission: 'ADMINONLY';
}

/** Shared by every function: the audit trail. */
const kernelCollections: CollectionSpec[] = [
  {
    name: 'audit',
    purpose:
      '操作留痕 — one append-only record per state change (who, acting for whom, when, what, target, requestId, villageId), ' +
      'id `${targetId}#${requestId}` so a retried or healed request adds nothing twice. Every function appends here.',
    indexes: [
      // auditLog: newest first per village
      { name: 'village_at', keys: { villageId: 1, at: -1 } },
      // later jobs: the trail of one target
      { name: 'target_at', keys: { targetId: 1, at: -1 } },
      // in-app inbox: the records that name me, newest first
      { name: 'notify_at', keys: { notify: 1, at: -1 } },
      // verified events other jobs consume (道德银行), oldest first from a watermark
      { name: 'event_type_at', keys: { 'event.type': 1, at: 1 } },
      // records appended after the moment they record (a healed retry, an outbox): the digest and the
      // event consumer read those by when they arrived
      { name: 'posted_at', keys: { postedAt: 1 } },
    ],
    permission: 'ADMINONLY',
  },
  {
    name: 'auditchain',
    purpose:
      '留痕封存 — the hash chain over `audit` (server/kernel/audit-chain.ts): one block per village per sealing run ' +
      '(`${v}:seal:<seq>`: prev hash, the posted-time window, [recordId, running hash] per record, the block hash, and on the ' +
      'first block of a day the previous day\'s chain head as a published checkpoint). Written only by the accountClock timer.',
    indexes: [
      // the head of a village's chain, and verify's walk in order
      { name: 'village_seq', keys: { villageId: 1, seq: 1 } },
      // the sealing timer: every village's head among the blocks of the last two days
      { name: 'sealed_at', keys: { sealedAt: -1 } },
      // the dashboard: the head (blocks of the last two days) and the published daily checkpoints
      { name: 'village_sealed', keys: { villageId: 1, sealedAt: -1 } },
      { name: 'village_checkpoint', keys: { villageId: 1, checkpointDay: -1 } },
    ],
    permission: 'ADMINONLY',
  },
];

/** Every collection, each job's own list declared beside its commands. */
export const collections: CollectionSpec[] = [
  ...kernelCollections,
  ...accountCollections,
  ...patrolCollections,
  ...gridCollections,
  ...deliberationCollections,
  ...ledgerCollections,
  ...noticesCollections,
];
