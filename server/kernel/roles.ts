/**
 * Roles, with their Chinese labels. Pure data: the account contract re-exports it for the client.
 * A person holds roles per village (their register entry `${villageId}:u:${openid}`):
 * - resident: lives in the village (active member of a household)
 * - grid_worker: over `gridIds` only
 * - committee: the whole village
 * - township: staff of the township, given an entry in each village of their township (read across them)
 * - shopkeeper: keeps the village's 积分超市 (stock, 核销 of pickup codes); no other powers
 */
export const ROLES = {
  resident: '村民',
  grid_worker: '网格员',
  committee: '村委',
  township: '乡镇干部',
  shopkeeper: '小卖部店主',
} as const;
export type Role = keyof typeof ROLES;
