/**
 * A stored file's id as a function receives it: `cloud://<envId>.<bucket>/<path>` (wx.cloud.uploadFile's
 * fileID in WeChat; the emulator's has the same shape). Pure zod, for the contracts. The shape alone says
 * nothing about whose file it is: commands also check the environment and the caller's upload prefix
 * (kernel/files.ts requireOwnFiles) — an `https://…` tracking URL never gets that far.
 */
import { z } from 'zod';

export const FILE_ID = /^cloud:\/\/[A-Za-z0-9-]{1,80}\.[A-Za-z0-9-]{1,80}\/[A-Za-z0-9._/-]{1,240}$/;

export const fileIdSchema = z.string().regex(FILE_ID, 'fileId');
