/**
 * CloudBase replaces each CloudID in a client's callFunction data with the open data it stands for
 * (`{ cloudID, data }`). Locally a group card's cloudID is `dev-opengid:<GID>` (and a phone number's
 * `dev-phone:<number>`); anything else answers as an invalid cloudID.
 */
const isCloudIdWrapper = (v: Record<string, unknown>) =>
  typeof v.cloudID === 'string' && Object.keys(v).every((k) => k === 'cloudID' || k.startsWith('_'));

export function resolveCloudIds(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(resolveCloudIds);
  const obj = value as Record<string, unknown>;
  if (isCloudIdWrapper(obj)) return openData(obj.cloudID as string);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = resolveCloudIds(v);
  return out;
}

function openData(cloudID: string): Record<string, unknown> {
  if (cloudID.startsWith('dev-opengid:')) return { cloudID, data: { openGId: cloudID.slice('dev-opengid:'.length) } };
  if (cloudID.startsWith('dev-phone:')) {
    const phone = cloudID.slice('dev-phone:'.length);
    return { cloudID, data: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' } };
  }
  return { cloudID, errCode: -601006, errMsg: 'cloudID 无效（本地模拟器只识别 dev-opengid:<GID> 与 dev-phone:<号码>）' };
}
