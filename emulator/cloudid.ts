/**
 * CloudBase replaces a CloudID in a client's callFunction data with the open data it stands for
 * (`{ cloudID, data }`) — only in the TOP-LEVEL fields of the data; a CloudID nested deeper arrives as
 * sent. Locally a group card's cloudID is `dev-opengid:<GID>` (open data as wx.getGroupEnterInfo gives it:
 * `{ opengid }`), a phone number's `dev-phone:<number>`; anything else answers as an invalid cloudID.
 */
const isCloudIdWrapper = (v: Record<string, unknown>) =>
  typeof v.cloudID === 'string' && Object.keys(v).every((k) => k === 'cloudID' || k.startsWith('_'));

export function resolveCloudIds(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event as Record<string, unknown>)) {
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && isCloudIdWrapper(v as Record<string, unknown>) ? openData((v as { cloudID: string }).cloudID) : v;
  }
  return out;
}

function openData(cloudID: string): Record<string, unknown> {
  if (cloudID.startsWith('dev-opengid:')) return { cloudID, data: { opengid: cloudID.slice('dev-opengid:'.length) } };
  if (cloudID.startsWith('dev-phone:')) {
    const phone = cloudID.slice('dev-phone:'.length);
    return { cloudID, data: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' } };
  }
  return { cloudID, errCode: -601006, errMsg: 'cloudID 无效（本地模拟器只识别 dev-opengid:<GID> 与 dev-phone:<号码>）' };
}
