/**
 * Labels beside the code values — the very tables the server's commands use (pure data, no imports),
 * so the page, the commands and the tests read one table.
 */
export type { ConsentKind } from '../../../server/deliberation/states';
export { TOPIC_STATES, POLL_STATES, POLL_KINDS, ROLL_TYPES, COUNCIL_SEATS, CONSENT_KINDS, APPROVE_OPTIONS } from '../../../server/deliberation/states';
export { QUORUM_KINDS, THRESHOLD_KINDS, countBallots, decide, turnoutPermille } from '../../../server/deliberation/rules';
import type { QuorumRule } from '../../../server/deliberation/rules';
import { QUORUM_KINDS } from '../../../server/deliberation/rules';

export function quorumText(q: QuorumRule): string {
  return q.kind === 'at_least_percent' ? `不少于 ${q.percent}% 参加` : QUORUM_KINDS[q.kind];
}

export function percentText(permille: number): string {
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}
