/**
 * The account function's actions (村名册, joining, roles, 成效看板, the audit chain, 消息): one line each.
 * Every definition — input, output, errors, who may call it, what it runs — is in its command file
 * (kernel/action.ts); the router, the client's typed calls and the tests are derived from this table.
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { AccountErrorCode } from './errors';

export { me } from './me';
export { villageOverview } from './village-overview';
export { createInvite } from './create-invite';
export { listInvites } from './list-invites';
export { revokeInvite } from './revoke-invite';
export { joinByInvite } from './join-by-invite';
export { bindGroup } from './bind-group';
export { joinByGroupCard } from './join-by-group-card';
export { listApplications } from './list-applications';
export { reviewApplication } from './review-application';
export { listHouseholds } from './list-households';
export { listResidents } from './list-residents';
export { createHousehold } from './create-household';
export { createOfflineResident } from './create-offline-resident';
export { updateOfflineResident } from './update-offline-resident';
export { assignRole } from './assign-role';
export { revokeRole } from './revoke-role';
export { auditLog } from './audit-log';
export { dashboard } from './dashboard';
export { dashboardItems } from './dashboard-items';
export { exportTable } from './export-table';
export { verifyAudit } from './verify-audit';
export { accountClock } from './account-clock';
export { inbox } from './inbox';
export { inboxUnread } from './inbox-unread';
export { markInboxRead } from './mark-inbox-read';
export { subscribeDigest } from './subscribe-digest';
export { dailyDigest } from './daily-digest';
