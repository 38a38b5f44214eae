/**
 * A ticket's states and the ONE table of its transitions — read by the commands (role and state checks),
 * by the UI (which buttons to show, their Chinese labels) and by the tests (every row, allowed and
 * refused). Pure data: the client imports it as is.
 *
 * States fall into three buckets (FixMyStreet's open / fixed / closed): a board or a list asks by bucket.
 */

export const TICKET_STATUS = {
  submitted: '待受理',
  accepted: '已受理',
  in_progress: '处理中',
  resolved: '已办结（待确认）',
  confirmed: '已解决',
  reopened: '重新处理',
  rejected: '不予受理（已转介）',
  duplicate: '重复问题',
  closed_unresolved: '已关闭（未解决）',
  resolved_unconfirmed: '已办结（居民未确认）',
} as const;
export type TicketStatus = keyof typeof TICKET_STATUS;

export const TICKET_BUCKETS = ['open', 'fixed', 'closed'] as const;
export type TicketBucket = (typeof TICKET_BUCKETS)[number];

export const BUCKET_LABELS: Record<TicketBucket, string> = { open: '处理中', fixed: '已解决', closed: '已关闭' };

/** Which bucket each state is in. `resolved` counts as fixed (the worker says so) until the resident reopens. */
export const BUCKET_OF: Record<TicketStatus, TicketBucket> = {
  submitted: 'open',
  accepted: 'open',
  in_progress: 'open',
  reopened: 'open',
  resolved: 'fixed',
  confirmed: 'fixed',
  resolved_unconfirmed: 'fixed',
  rejected: 'closed',
  duplicate: 'closed',
  closed_unresolved: 'closed',
};

export function bucketOf(status: TicketStatus): TicketBucket {
  return BUCKET_OF[status];
}

export const STATUSES_IN: Record<TicketBucket, TicketStatus[]> = {
  open: ['submitted', 'accepted', 'in_progress', 'reopened'],
  fixed: ['resolved', 'confirmed', 'resolved_unconfirmed'],
  closed: ['rejected', 'duplicate', 'closed_unresolved'],
};

/**
 * Who may take a transition:
 * - handler: whoever the ticket is routed to now — a grid worker of the ticket's grid (route grid_worker),
 *   the assignee once someone accepted, or any committee member (route committee)
 * - committee: any committee member of the village (they oversee every ticket)
 * - reporter: the resident the ticket is for; for an offline reporter, a grid worker of their grid acts (代办)
 * - system: the deadline timer
 */
export type TransitionActor = 'handler' | 'committee' | 'reporter' | 'system';

export interface Transition {
  /** the grid function's action that takes it */
  command: string;
  from: readonly TicketStatus[];
  to: TicketStatus;
  who: readonly TransitionActor[];
  /** the button / the timeline's verb */
  label: string;
}

export const TRANSITIONS = {
  accept: { command: 'acceptTicket', from: ['submitted'], to: 'accepted', who: ['handler', 'committee'], label: '受理' },
  start: { command: 'startTicket', from: ['accepted', 'reopened'], to: 'in_progress', who: ['handler', 'committee'], label: '开始处理' },
  resolve: { command: 'resolveTicket', from: ['accepted', 'in_progress'], to: 'resolved', who: ['handler', 'committee'], label: '办结' },
  reject: { command: 'rejectTicket', from: ['submitted', 'accepted'], to: 'rejected', who: ['handler', 'committee'], label: '不予受理并转介' },
  duplicate: { command: 'markDuplicate', from: ['submitted', 'accepted'], to: 'duplicate', who: ['handler', 'committee'], label: '标为重复' },
  // a transfer hands the ticket to someone else, who accepts it afresh
  transfer: { command: 'transferTicket', from: ['submitted', 'accepted', 'in_progress', 'reopened'], to: 'submitted', who: ['handler', 'committee'], label: '转办' },
  close_unresolved: { command: 'closeUnresolved', from: ['accepted', 'in_progress', 'reopened'], to: 'closed_unresolved', who: ['committee'], label: '关闭（未解决）' },
  confirm: { command: 'confirmTicket', from: ['resolved', 'resolved_unconfirmed'], to: 'confirmed', who: ['reporter'], label: '确认已解决' },
  reopen: { command: 'reopenTicket', from: ['resolved', 'resolved_unconfirmed'], to: 'reopened', who: ['reporter'], label: '没解决，重新处理' },
  expire_unconfirmed: { command: 'sweepDeadlines', from: ['resolved'], to: 'resolved_unconfirmed', who: ['system'], label: '7天未确认，自动办结' },
} as const satisfies Record<string, Transition>;

export type TransitionAction = keyof typeof TRANSITIONS;

/** Whether the transition may start from this state. */
export function canLeave(action: TransitionAction, status: TicketStatus): boolean {
  return (TRANSITIONS[action].from as readonly TicketStatus[]).includes(status);
}

/** Which deadline runs in a state (none once fixed or closed). */
export function deadlineKindOf(status: TicketStatus): 'accept' | 'resolve' | null {
  if (status === 'submitted') return 'accept';
  if (status === 'accepted' || status === 'in_progress' || status === 'reopened') return 'resolve';
  return null;
}

/** days without the reporter's answer after which a resolved ticket closes as resolved_unconfirmed */
export const CONFIRM_WINDOW_DAYS = 7;
