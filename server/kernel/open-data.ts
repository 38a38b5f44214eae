/**
 * Open data from WeChat as a function receives it. Pure zod, so contracts (which the client imports for
 * types) may use it.
 */
import { z } from 'zod';

/**
 * A share card's group id as CloudBase delivers it: the client passes `cloud.CloudID(cloudID)` in a
 * top-level field of the call (the router moves it into the payload) and CloudBase replaces it with
 * `{ cloudID, data }` — `data.opengid` from wx.getGroupEnterInfo, `data.openGId` from the older
 * wx.getShareInfo. Either way the command sees `data.openGId`.
 */
export const groupCardSchema = z.object({
  cloudID: z.string().regex(/^[A-Za-z0-9_:.-]{1,512}$/, 'cloudID').optional(),
  data: z
    .object({ openGId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'openGId').optional(), opengid: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'openGId').optional() })
    .refine((d) => !!(d.openGId ?? d.opengid))
    .transform((d) => ({ openGId: (d.openGId ?? d.opengid) as string })),
});
