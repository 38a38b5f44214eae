/**
 * The account function's action table: name → (schema, command). The router (server/kernel/router.ts)
 * validates the payload with the schema from contract.ts and runs the command. No cloud code here, so unit
 * tests route through it with a memory store.
 */
import { ACCOUNT_ERRORS } from './errors';
import { action, type FunctionSpec } from '../kernel/router';
import { assignRole, revokeRole } from './assign-role';
import { auditLog } from './audit-log';
import { bindGroup } from './bind-group';
import { inputs } from './contract';
import { createHousehold } from './create-household';
import { createInvite } from './create-invite';
import { createOfflineResident } from './create-offline-resident';
import { dashboard } from './dashboard';
import { dashboardItems } from './dashboard-items';
import { exportTable } from './export-table';
import { dailyDigest } from './daily-digest';
import { inbox, inboxUnread, markInboxRead, subscribeDigest } from './inbox';
import { joinByGroupCard } from './join-by-group-card';
import { joinByInvite } from './join-by-invite';
import { listApplications } from './list-applications';
import { listHouseholds } from './list-households';
import { listInvites } from './list-invites';
import { listResidents } from './list-residents';
import { me } from './me';
import { reviewApplication } from './review-application';
import { revokeInvite } from './revoke-invite';
import { rollupDays } from './outcomes/rollup';
import { sealAudit } from './seal-audit';
import { updateOfflineResident } from './update-offline-resident';
import { verifyAudit } from './verify-audit';
import { villageOverview } from './village-overview';

export const accountActions = {
  me: action(inputs.me, me),
  villageOverview: action(inputs.villageOverview, villageOverview),
  createInvite: action(inputs.createInvite, createInvite),
  listInvites: action(inputs.listInvites, listInvites),
  revokeInvite: action(inputs.revokeInvite, revokeInvite),
  joinByInvite: action(inputs.joinByInvite, joinByInvite),
  bindGroup: action(inputs.bindGroup, bindGroup),
  joinByGroupCard: action(inputs.joinByGroupCard, joinByGroupCard),
  listApplications: action(inputs.listApplications, listApplications),
  reviewApplication: action(inputs.reviewApplication, reviewApplication),
  listHouseholds: action(inputs.listHouseholds, listHouseholds),
  listResidents: action(inputs.listResidents, listResidents),
  createHousehold: action(inputs.createHousehold, createHousehold),
  createOfflineResident: action(inputs.createOfflineResident, createOfflineResident),
  updateOfflineResident: action(inputs.updateOfflineResident, updateOfflineResident),
  assignRole: action(inputs.assignRole, assignRole),
  revokeRole: action(inputs.revokeRole, revokeRole),
  auditLog: action(inputs.auditLog, auditLog),
  dashboard: action(inputs.dashboard, dashboard),
  dashboardItems: action(inputs.dashboardItems, dashboardItems),
  exportTable: action(inputs.exportTable, exportTable),
  verifyAudit: action(inputs.verifyAudit, verifyAudit),
  sealAudit: action(inputs.sealAudit, sealAudit, 'timer'),
  rollupDays: action(inputs.rollupDays, rollupDays, 'timer'),
  inbox: action(inputs.inbox, inbox),
  inboxUnread: action(inputs.inboxUnread, inboxUnread),
  markInboxRead: action(inputs.markInboxRead, markInboxRead),
  subscribeDigest: action(inputs.subscribeDigest, subscribeDigest),
  dailyDigest: action(inputs.dailyDigest, dailyDigest, 'timer'),
} satisfies Record<keyof typeof inputs, unknown>;

export const accountFunction: FunctionSpec = { name: 'account', actions: accountActions, errors: ACCOUNT_ERRORS };
