import type { MemberStatus, Role, InviteStatus } from '../../server/account/contract';

/** Chinese labels beside their code values (the contract holds the same table; values are not imported into the bundle). */
export const ROLE_LABEL: Record<Role, string> = {
  resident: '村民',
  grid_worker: '网格员',
  committee: '村委',
  township: '乡镇干部',
  shopkeeper: '小卖部店主',
};

export const MEMBER_STATUS_LABEL: Record<MemberStatus, string> = {
  pending: '待村委审核',
  active: '已加入',
  rejected: '未通过',
};

export const INVITE_STATUS_LABEL: Record<InviteStatus, string> = {
  active: '可用',
  revoked: '已作废',
  expired: '已过期',
  used_up: '已用完',
};

export function rolesText(roles: Role[]): string {
  return roles.map((r) => ROLE_LABEL[r] ?? r).join('、') || '村民';
}

export function dateText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}
