import type { Codes } from '../kernel/errors';
/** Error codes of the patrol function (巡群), with the Chinese message a villager reads. */
export const PATROL_ERRORS = {
  // ── posts and replies ──
  /** neither text nor a photo nor a voice note */
  post_empty: '请写点内容，或附上照片、语音',
  /** more than POST_LIMITS.textMax characters */
  post_too_long: '内容太长了，请控制在 500 字以内',
  /** a file that is not a photo or voice note we accept, or too many of them */
  media_unsupported: '附件格式不支持：照片请用 jpg、png、webp，语音请用 mp3、aac、m4a、silk，照片最多 9 张、语音最长 60 秒',
  /** the village's lexicon says this wording may not be posted (a solicitation nobody posts innocently) */
  // msgSecCheck said `risky`: refused, with the reason by WeChat's label (nothing stored)
  post_refused_fraud: '未发布：内容涉嫌诈骗（如刷单返利、安全账户、索要验证码）。想提醒大家防骗，请点"转为线索"交给网格员',
  post_refused_ad: '未发布：内容像广告或引流（如代开发票、加微信领取）',
  post_refused_crime: '未发布：内容涉及违法犯罪（如赌博、买卖银行卡）',
  post_refused_abuse: '未发布：内容含有辱骂他人的话，请心平气和地说',
  post_refused_porn: '未发布：内容含有低俗色情信息',
  post_refused_politics: '未发布：内容含有不宜公开讨论的敏感信息',
  post_refused: '未发布：内容未通过微信内容安全检查，请修改后再发',
  post_blocked: '内容含有本村禁止发布的词语（如收购银行卡、跑分等），已拦截，未发布',
  /** the post to reply to or flag is not on the board (refused, held or gone) */
  post_not_found: '找不到这条帖子，可能已被删除或尚未公开',
  post_not_held: '这条帖子不在待审核状态',
  cannot_flag_own_post: '不能举报自己发的帖子',
  already_flagged: '您已经举报过这条帖子，网格员会尽快查看',

  // ── intake ──
  lead_text_empty: '请粘贴或输入要转为线索的内容',
  lead_text_too_long: '内容太长了，请分几次提交（每次不超过 2000 字）',
  /** an import batch that is empty or larger than IMPORT_BATCH_MAX */
  import_batch_invalid: '导入的数据有误，请重新选择文件',
  /** the grid named for an import or a lead is not one of the caller's grids */
  grid_not_in_scope: '只能把线索归到您负责的网格',

  // ── triage ──
  lead_not_found: '找不到这条线索',
  /** another worker (or the committee) closed the lead first: nothing was written */
  lead_already_handled: '这条线索已由其他人处理过了，请刷新查看',
  /** escalated leads are the committee's: a grid worker cannot act on them any more */
  lead_escalated: '这条线索已上报村委，由村委处理',
  reason_required: '请填写处理理由',
  reply_empty: '请填写回复内容',
  warning_empty: '请填写预警内容',
  /** the grid function did not take the ticket (its own message follows in the log) */
  ticket_not_created: '转为工单没有成功，请稍后重试',

  // ── lexicon ──
  lexicon_version_stale: '词库刚被其他人修改过，请刷新后再改',
  lexicon_term_empty: '词条不能为空（或只有空格、符号）',
  lexicon_term_too_short: '词条至少要 2 个字：一个字几乎每条消息都会命中',
  lexicon_term_too_long: '词条过长，每个词最多 20 个字',
  lexicon_term_duplicate: '词条重复：词库里已有相同的词（忽略全半角、大小写、繁简和符号后相同）',
  lexicon_term_missing: '要修改或删除的词不在词库里',
  lexicon_entry_invalid: '词条的分类、权重或处置方式不正确',
  lexicon_too_large: '词库词条过多，请先删除一些',

  // ── accuracy (issue 10) ──
  /** a threshold outside THRESHOLD_MIN–THRESHOLD_MAX, or not a number, or an unknown category */
  threshold_invalid: '判定门槛应为 5% 到 95% 之间的数，分类应为诉求、矛盾纠纷、安全隐患、诈骗或违规',
  /** setThresholds with nothing to change */
  threshold_unchanged: '门槛没有变化',
  /** the settings changed since the page was read */
  thresholds_stale: '判定门槛刚被其他人修改过，请刷新后再改',
} as const;

export type PatrolErrorCode = keyof typeof PATROL_ERRORS;

// the kernel imports no job: this tells the type system that patrol's codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof PATROL_ERRORS> {}
}
