/**
 * Open data behind a CloudID, as WeChat gives it to `cloud.getOpenData({ list })` (emulator/wire/openapi.ts
 * answers that call). Locally a group card's cloudID is `dev-opengid:<GID>` (open data as
 * wx.getGroupEnterInfo gives it: `{ opengid }`), a phone number's `dev-phone:<number>`; anything else
 * answers as an invalid cloudID.
 *
 * The emulator does NOT put open data into a client's call: a function reads it from WeChat with the
 * CloudID, so whatever `data` a client writes beside a CloudID is never trusted (issue 16, finding 5).
 */
export function openData(cloudID: string): Record<string, unknown> {
  if (cloudID.startsWith('dev-opengid:')) return { cloudID, data: { opengid: cloudID.slice('dev-opengid:'.length) } };
  if (cloudID.startsWith('dev-phone:')) {
    const phone = cloudID.slice('dev-phone:'.length);
    return { cloudID, data: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' } };
  }
  return { cloudID, errCode: -601006, errMsg: 'cloudID 无效（本地模拟器只识别 dev-opengid:<GID> 与 dev-phone:<号码>）' };
}
