/**
 * Open data from WeChat as a function receives it. Pure zod, so contracts (which the client imports for
 * types) may use it.
 */
import { z } from 'zod';

/**
 * A share card's group: the client passes `cloud.CloudID(cloudID)` in a top-level field of the call (the
 * router moves it into the payload). Only the CloudID is taken: the command asks WeChat what it stands for
 * (kernel/openapi.ts openGIdOf → cloud.getOpenData). A `data` beside it — CloudBase's own substitution, or
 * anything a client wrote there — is dropped here and never read.
 */
export const groupCardSchema = z.object({
  cloudID: z.string().regex(/^[A-Za-z0-9_:.-]{1,512}$/, 'cloudID'),
});
