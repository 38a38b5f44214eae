import Taro from '@tarojs/taro';
import { ServiceError } from './transport';

/**
 * Opening the mini-program from a card shared in a WeChat group (scene 1044: card with shareTicket;
 * 1008: group chat card) tells us which group — as a CloudID only a cloud function can read.
 * A villager uses it to ask to join the group's village; the committee uses it to bind the group.
 */
const GROUP_SCENES = new Set([1044, 1008]);

let entry: { scene: number; shareTicket?: string } | null = null;
const listeners = new Set<() => void>();

export function noteEntry(options: { scene?: number; shareTicket?: string } | undefined): void {
  if (process.env.TARO_ENV !== 'weapp' || !options?.scene) return;
  entry = GROUP_SCENES.has(options.scene) ? { scene: options.scene, shareTicket: options.shareTicket } : null;
  listeners.forEach((l) => l());
}

export function openedFromGroup(): boolean {
  return entry !== null;
}

export function onEntryChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** A fresh CloudID for the group (fetched when needed: CloudIDs expire). */
export async function groupCloudId(): Promise<string> {
  if (!entry) throw new ServiceError('not_from_group', '请从村里微信群中的小程序卡片打开。', false);
  try {
    const res: any = await new Promise((resolve, reject) => Taro.getGroupEnterInfo({ success: resolve, fail: reject } as any));
    if (res?.cloudID) return res.cloudID;
  } catch {
    // older base libraries: fall back to the share ticket below
  }
  if (entry.shareTicket) {
    const res: any = await Taro.getShareInfo({ shareTicket: entry.shareTicket });
    if (res?.cloudID) return res.cloudID;
  }
  throw new ServiceError('group_info_unavailable', '没有读到群信息，请从群里的卡片重新打开。', true);
}
