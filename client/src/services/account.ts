import type { AccountAction, AccountInput, AccountOutput } from '../../../server/account/contract';
import { callFunction, type CallOptions } from './transport';

/**
 * The `account` cloud function, typed from its contract (types only: nothing of the server is
 * bundled). One method per action; every write takes CallOptions so a retry can reuse its requestId.
 */
function call<A extends AccountAction>(action: A, payload: AccountInput<A>, opts?: CallOptions): Promise<AccountOutput<A>> {
  return callFunction<AccountOutput<A>>('account', action, payload as object, opts);
}

export const account = {
  me: () => call('me', {}),
  villageOverview: (villageId: string) => call('villageOverview', { villageId }),

  joinByInvite: (p: AccountInput<'joinByInvite'>, o?: CallOptions) => call('joinByInvite', p, o),
  /** `group` is the share card's CloudID: the transport hands it to WeChat as open data. */
  joinByGroupCard: (p: Omit<AccountInput<'joinByGroupCard'>, 'group'> & { groupCloudId: string }, o?: CallOptions) => {
    const { groupCloudId, ...rest } = p;
    return callFunction<AccountOutput<'joinByGroupCard'>>('account', 'joinByGroupCard', rest, { ...o, openData: { group: groupCloudId } });
  },
  bindGroup: (p: { villageId: string; groupCloudId: string; groupName?: string }, o?: CallOptions) => {
    const { groupCloudId, ...rest } = p;
    return callFunction<AccountOutput<'bindGroup'>>('account', 'bindGroup', rest, { ...o, openData: { group: groupCloudId } });
  },

  createInvite: (p: AccountInput<'createInvite'>, o?: CallOptions) => call('createInvite', p, o),
  listInvites: (villageId: string) => call('listInvites', { villageId }),
  revokeInvite: (villageId: string, inviteId: string, o?: CallOptions) => call('revokeInvite', { villageId, inviteId }, o),

  listApplications: (p: AccountInput<'listApplications'>) => call('listApplications', p),
  reviewApplication: (p: AccountInput<'reviewApplication'>, o?: CallOptions) => call('reviewApplication', p, o),

  listHouseholds: (p: AccountInput<'listHouseholds'>) => call('listHouseholds', p),
  listResidents: (p: AccountInput<'listResidents'>) => call('listResidents', p),
  createHousehold: (p: AccountInput<'createHousehold'>, o?: CallOptions) => call('createHousehold', p, o),
  createOfflineResident: (p: AccountInput<'createOfflineResident'>, o?: CallOptions) => call('createOfflineResident', p, o),

  assignRole: (p: AccountInput<'assignRole'>, o?: CallOptions) => call('assignRole', p, o),
  revokeRole: (p: AccountInput<'revokeRole'>, o?: CallOptions) => call('revokeRole', p, o),

  auditLog: (p: AccountInput<'auditLog'>) => call('auditLog', p),

  // 成效看板 (the outcomes subpackage), its export and the audit chain's check
  dashboard: (p: AccountInput<'dashboard'>) => call('dashboard', p),
  dashboardItems: (p: AccountInput<'dashboardItems'>) => call('dashboardItems', p),
  exportTable: (p: AccountInput<'exportTable'>) => call('exportTable', p),
  verifyAudit: (p: AccountInput<'verifyAudit'>) => call('verifyAudit', p),

  // 消息 (every job's notices reach people here)
  inbox: (p: AccountInput<'inbox'>) => call('inbox', p),
  inboxUnread: (villageId: string) => call('inboxUnread', { villageId }),
  markInboxRead: (p: AccountInput<'markInboxRead'>, o?: CallOptions) => call('markInboxRead', p, o),
  subscribeDigest: (p: AccountInput<'subscribeDigest'>, o?: CallOptions) => call('subscribeDigest', p, o),
};

export type {
  ApplicationView,
  AuditView,
  GridView,
  HouseholdView,
  InboxItem,
  InviteView,
  MeOutput,
  MembershipView,
  ResidentView,
  Role,
  DashboardItem,
  DashboardMetric,
  DashboardOutput,
  ExportTable,
  GridOutcome,
  OutcomeFigures,
  VerifyAuditOutput,
  VillageOutcomes,
  VillageOverviewOutput,
} from '../../../server/account/contract';
