/**
 * Cues: words that are not evidence on their own but change what the lexicon's evidence means.
 * They ride in the same automaton as the lexicon (one pass over the text) and never show as spans.
 *
 * A cue kind is a yes/no fact about a message ("mentions a link", "says 退订"). Alone most kinds
 * weigh little; the model (model.ts) learns how much each kind and each pair of kinds (COMBOS) adds
 * to or takes from each category. Why pairs: 链接 or 转账 alone is everyday text (a shop's offer, a
 * wage paid), but a link, money and a deadline together is how a scam reads; 验证码 alone is a bank
 * notice, 验证码 + 发给 is someone asking for it.
 */

import { normaliseTerm } from './normalise';

export const CUE_KINDS = [
  // pointing somewhere else
  'link',
  // a web address on a cheap domain (.top .xyz .vip .cc …): phishing pages use them, a bank, a carrier or a shop its own
  // .com / .cn (in this project's labelled messages 123 scams carry one, no honest SMS or quiet message). The matcher
  // finds the word (top, cc); the scanner counts it only as a web address's end — a name, a dot, the word, nothing of
  // the name after it (endsWebAddress): cc, vip or shop alone are in hundreds of quiet messages and shop SMS (VIP会员).
  'oddlink',
  // money changing hands
  'money',
  // pressure of time or a threat
  'urgency',
  // a one-time code or password
  'code',
  // handing something over
  'give',
  // police, courts, "your case"
  'authority',
  // keep it secret / don't call the police
  'secrecy',
  // someone claiming to be customer service, a teacher, a boss, a relative on a new number, a retired trader or an analyst (荐股)
  'impersonate',
  // taking over the phone
  'remote',
  // moving the talk elsewhere: add my WeChat / QQ, 拉你进群 (not 进群 alone: a teacher's class group, the village's flood group)
  'contact',
  // paying first, buying on someone's behalf
  'prepay',
  // a relative or friend speaking (the "it's me, I'm in trouble" scam)
  'kin',
  // asking the reader to pay or lend
  'ask',
  // easy money, and the stock tips of the 荐股 scam: 牛股, 涨停, 黑马股, 内幕
  'profit',
  // prizes and hand-outs
  'prize',
  // a carrier's or shop's unsubscribe line: marketing, not fraud
  'unsubscribe',
  // someone warning about scams, not running one
  'warning',
  // a notice to everyone (各位村民, 各位家长), or a sender's own notice (a bank's code SMS: 验证码…请勿泄露)
  'notice',
  // planned work announced ahead (计划停电, 请提前储水, 届时, 敬请谅解, 特此通知, 接供电所通知): a notice, not a demand —
  // 明天停水 said by the water company is news, 停水三天了没人管 is a complaint
  'schedule',
  // greetings, thanks, congratulations
  'greeting',
  // a plain question
  'question',
  // a shop's offer
  'shop',
  // asking someone to do something about it
  'request',
  // describing a problem that persists
  'problem',
  // addressed to the village, the township, "the leaders"
  'government',
  // someone hurt, in danger, or calling for help now (快来人, not 快来: that is 快来抢购 and 快来赶回去)
  'danger',
  // people at odds
  'conflict',
  // something broken, missing or going on too long
  'trouble',
  // done on the sly or against the rules: 偷偷, 私自, 半夜, 乱倒
  'sneaky',
  // a shared service people depend on: 路灯, 自来水, 垃圾桶, 厕所 …
  'facility',
  // a structure that hurts someone when it fails: 电线, 桥墩, 护栏, 井盖, 堤坝 …
  'structure',
  // a concrete place in or near the village: 村口, 路边, 河里, 我们组
  'place',
  // how long or how often: 好几天了, 一个月, 每次, 经常
  'duration',
  // a question about the law, papers or a case that may never happen (如果…怎么算, 合法吗, 户口…手续), not a live quarrel
  'hypothetical',
  // the other side of a quarrel, named as one names them: 对方, 男方, 老公, 婆婆, 邻居, 他家, 老板
  'party',
  // something done to the writer, told as it happened, or "what do I do now": 拿走了, 反悔, 不露面, 起诉, 怎么办
  'grievance',
  // the writer in it, by someone close: 我老公, 我婆婆, 我邻居, 我们老板 — a quarrel told is the writer's own; a question
  // asked in the abstract says 男方, 一方, 夫妻
  'self',
  // Short scam SMS (the kinds public anti-fraud lists name: 中奖, 航班取消改签, 账户异常 + 链接, 快递理赔, 相册链接 …) tell of
  // something about YOU — a prize, a flight, an account, a parcel, a photo — and send you somewhere to act on it.
  // Each fact alone is an everyday notice (an airline's delay, a bank's points); together with a link or a number to
  // call they are how such an SMS reads (COMBOS).
  // picked as lucky: 幸运观众, 场外, 节目组, 抽中, 获得奖金, 二等奖, a show's 本季之星 / 今日之星, 被选中
  'lucky',
  // a flight or a ticket: 航班, 机票, 改签, 退票, 延误
  'trip',
  // money promised back: 补偿, 赔偿, 理赔, 退款, 三倍
  'payout',
  // call this number or customer service: 致电, 拨打, 客服电话, 联系快递员, 按客服指引
  'callback',
  // something wrong with your account, card, parcel or papers: 异常, 暂停, 未注销, 信息不全, 核实身份, 被退回
  'alert',
  // a photo or video said to be of YOU, or an album sent to open: 是不是你, 里面有你, 上新闻了, 你自己看, 影集, 录像. Not 照片 / 相册 /
  // 合影 alone: a son's link to his child's photos is no scam (tenth session), the scam says the picture is of you
  'photo',
  // a phone carrier's own business: 流量, 话费, 营业厅, 套餐, 宽带, 中国移动 — most SMS that speak of it are the carrier's
  // marketing (a prize, a link to its app); counted against 诈骗 by what the data says, while a scam that borrows the
  // carrier's name still shows its other signs (积分 to cash at a link, an account said to be stopped)
  'carrier',
  // someone in a fix who needs money now: held by the police (私了, 保释, 拘留), in hospital, 手头紧, 燃眉之急, "I'll pay
  // you back" — the story of the scam that borrows a relative's, a friend's or a boss's voice (with money or an ask)
  'plight',
  // preventive advice to everyone, not an event: 防溺水, 防汛, 防止…中毒, 注意安全, 请看好孩子, 引以为戒 — a safety notice uses
  // the words of a hazard (水库, 暴雨, 一氧化碳) with nothing happening (thirteenth-session blind writers' notices)
  'advice',
  // told from the news, a TV drama or hearsay: 新闻, 电视剧, 听说 — a scam or a quarrel retold is not one going on here
  'story',
  // something already put right or settled: 已修好, 已经解决, 谢谢村里 — a report closed, not one open
  'done',
  // laughing: 哈哈, 笑死, or a laughing emoji (😂 🤣 — set by the scanner, emoji never reach the matcher). A quarrel over the
  // remote control told with 😂 is a joke; in nineteen writers' villages one quiet message in twenty laughs, one
  // complaint in three hundred
  'laugh',
  // a second warning apart from the first (反诈提醒…这是诈骗…直接挂掉): an anti-fraud notice quoting a scam's words says
  // so more than once; set by the scanner, no terms of its own
  'debunk',
  // a second piece of advice apart from the first (严禁上冰…看好孩子…立即拨打119): a safety lesson, however many hazard words
  // it names; set by the scanner like debunk
  'lesson',
  // a villager asking whether what reached them is true (这是真的吗, 是不是骗子): with money asked or a relative in trouble,
  // a scam forwarded, not a complaint
  'doubt',
  // people who pass by or play where the danger is: 小孩, 放学, 行人, 天天有人过 — a broken thing where people are is a hazard
  'exposed',
] as const;
export type CueKind = (typeof CUE_KINDS)[number];

/** Chinese labels for the evidence a grid worker reads. */
export const CUE_LABELS: Record<CueKind, string> = {
  link: '链接或下载',
  oddlink: '少见域名的网址',
  money: '钱款',
  urgency: '催促或威胁',
  code: '验证码或密码',
  give: '索要或提供',
  authority: '公检法',
  secrecy: '要求保密',
  impersonate: '冒充身份',
  remote: '远程控制',
  contact: '要求加好友私聊',
  prepay: '垫付或代购',
  kin: '以亲友口吻',
  ask: '要你出钱',
  profit: '轻松赚钱',
  prize: '中奖或补贴',
  unsubscribe: '含退订（营销短信）',
  warning: '防骗提醒的口吻',
  notice: '通知的口吻',
  schedule: '预告停水停电、施工等安排',
  greeting: '问候或道谢',
  question: '询问',
  shop: '商家广告',
  request: '请求解决',
  problem: '反映问题',
  government: '向村里或政府反映',
  danger: '有人遇险',
  conflict: '有人冲突',
  trouble: '东西坏了或拖着没办',
  sneaky: '偷偷摸摸或乱来',
  facility: '公共设施',
  structure: '电线、桥、护栏等设施',
  place: '具体地点',
  duration: '持续多久或多频繁',
  hypothetical: '假设或法律咨询',
  party: '提到纠纷的对方',
  grievance: '诉说自己的遭遇',
  self: '说的是自己和身边的人',
  lucky: '说你被抽中或中了奖',
  trip: '航班、机票或车票',
  payout: '许诺赔偿或退款',
  callback: '让你打电话或找客服',
  alert: '说你的账户、卡或包裹出了问题',
  photo: '说有你的照片或视频',
  carrier: '运营商的流量话费业务',
  plight: '说自己遇到难处急需用钱',
  advice: '预防提醒（不是出了事）',
  story: '新闻、电视剧或听说的事',
  done: '说事情已经办好或解决',
  laugh: '说笑的口气',
  exposed: '有人经过或在旁边玩',
  debunk: '不止一处说这是骗局',
  lesson: '不止一处讲怎么防范（安全宣传）',
  doubt: '问这是不是真的',
};

const CUE_TERMS: Record<CueKind, string> = {
  link: 'http https www 链接 网址 点击 下载 app 扫码 二维码 网站 登录 注册 登陆 登入 手机网 网银 .cn .com .net url',
  // not wang or xin, cheap as they are: in pinyin they are names (Mr.Wang)
  oddlink: 'cc top vip xyz icu club site online live info ltd fun buzz shop',
  money: '转账 汇款 打钱 付款 缴纳 交钱 手续费 保证金 押金 银行卡 卡号 账户 余额 贷款 额度 利息 万元 千元 块钱 费用 钱款 资金 借款 还款 借钱 借点 账号 支付 医药费 医疗费 罚款 转一点 支付宝 卡上 打点',
  urgency: '立即 马上 尽快 立刻 赶紧 今天内 今日内 截止 逾期 否则 冻结 限时 紧急 急用 急需 后果 来不及 很急 赶快 务必 被抓 出事了 失效 过期 清零 到期 作废 停用',
  code: '验证码 校验码 动态码 动态密码 密码',
  give: '告诉 发给 发我 报给 念给 提供 给我 转给 截图 填写',
  authority: '公安 警官 警察 民警 检察 法院 公检法 通缉 洗钱 涉嫌 犯罪 案件 调查 疾控 防疫 管理局 医保局 社保局 密接',
  secrecy: '不敢跟家里 不敢告诉家 别跟我爸 别跟我妈 别跟家里讲 不要跟家里讲 保密 不要告诉 别告诉 不要声张 不要报警 别报警 不能告诉 不要打电话 不想让 别让 不要让 千万不要告诉我 千万别告诉我 千万不能告诉我 千万不要告诉家 千万别告诉家 千万不要告诉爸 千万别告诉爸 千万不要告诉你爸 千万别告诉你爸 千万不要告诉你家 千万别告诉你家 千万别跟家里说 千万不要跟家里说 千万别报警 千万不要报警 千万不能报警 千万别去报警 千万不要去报警 千万不要挂 千万别挂 不要挂电话 不要挂断 别挂电话 切勿告诉家 切勿告知家 属于机密 国家机密 涉密 机密案件 保密协议',
  impersonate: '客服 专员 工作人员 换号 新号码 原来的号码 原来的电话 原来那个号 以前的号码 以前那个号 旧号码 我是你 老师 经理 业务员 辅导员 班主任 校长 我是您 负责人 我是你领导 我是你们领导 操盘手 操盘大师 操盘老师 股神 导师 分析师 首席分析师 投资顾问 带头大哥',
  remote: '屏幕共享 共享屏幕 远程 会议 下载软件 安装 视频通话',
  contact: '加微信 加我微信 添加微信 微信号 加qq 添加qq qq号 加我 私聊 联系方式 加好友 加一下 我微信 加个微信 加下微信 加个qq 客服微信 拉你进群 拉你入群 申请进群 进群验证 入群验证',
  prepay: '垫付 代购 先付 先交 预付 帮我买 代为购买 先转 周转',
  ask: '到这个卡 到这张卡 到这个账户 到这个账号 到这个银行卡 借我 转给我 给我转 汇给我 打给我 打到 你先 把钱 转过来 汇过来 帮我付 帮我交 借给我 转一下 垫一下 转我 转点钱 帮我转 你转 转过去 借一万 借些 打过来 汇到 直接转 付一下 帮我充 代付',
  kin: '手机掉水里 手机掉进水里 手机掉到水里 爸妈 奶奶 爷爷 外公 外婆 叔叔 婶子 阿姨 表哥 表姐 姐姐 哥哥 外孙 孙子 老同学 我是你的 手机坏了 手机掉了 手机丢了 换了个号 爸我 妈我 哥我 姐我 爷爷我 奶奶我 外公我 外婆我 舅舅我 老公我 老婆我 叔我是 婶我是 姨我是 姑我是 舅我是 伯我是 大爷我是 大娘我是 你儿子 你女儿 你孩子 的家长',
  profit: '返利 赚钱 收益 回报 佣金 日结 稳赚 高额 兼职 投资 牛股 金股 黑马股 翻倍股 涨停 涨停板 暴涨 拉升 盈利 抄底 内幕',
  prize: '中奖 领取 补贴 福利 免费领 礼品 奖励 红包 认领 领奖 笔记本电脑 苹果电脑 现金奖',
  unsubscribe: '退订 回td 回t 拒收 回复td 退订回 不再接收 不想再收到 取消订阅',
  warning: '一定先打 先打电话核实 核实清楚 当面核实 先核实 谨防 警惕 防骗 反诈 村委会提醒 派出所提醒 民警提醒 防范 切勿 千万不要 千万别 不要相信 都是诈骗 是诈骗 骗局 骗子 不会要求 不会通过 直接挂断 立即挂断 马上挂断 别上当 不要上当 谨防上当 上当受骗 防止上当 套路 别信 不要点 莫点 莫信 莫转 别点 别转 不要转 不会打电话 没有安全账户 96110 接到此类 接到这种 此类电话 这类电话 提高警惕 大家小心 都小心 小心点 防诈 防电诈 反电诈',
  notice: '预警 气象台 各住户 请居住在 有问题请找 楼栋长 说明会 通知 公告 公示 各位村民 请各 请大家 温馨提示 各位乡亲 各位家长 家长们 提醒大家 提醒一下 检修 请带 请携带 带上身份证 报名 集合 准时参加 按时参加 空腹 请勿泄露 切勿泄露 勿泄露 非本人操作 官方渠道 官方app 请忽略 忽略本短信 忽略此短信 勿告知他人 请勿告知 请勿告诉 勿告诉他人 请勿将验证码 请勿透露 勿向任何人 包括客服 包括自称客服 不会向您索取 分钟内有效 用于登录 用于身份验证 已发放 已经发放 已到账 自行查询 请自行 领表 接种 免费接种 特别提醒 广大村民 全体村民 广大群众 根据上级要求 按照上级要求 现将有关 请相互转告 广而告之 请周知 望周知 准时参会 务必参加 不得缺席 每户派一人 携带身份证 带上户口本 安全宣传 防溺水宣传 防汛知识 森林防火 禁止野外用火 严禁焚烧 秸秆禁烧 反诈宣传 反诈小课堂 防骗指南 谨防诈骗 提高防范意识 珍爱生命 看护好孩子 如遇紧急情况 如遇险情 一经查实 请及时报告 请及时拨打 请立即拨打 不信谣 不传谣 切勿转账 不点陌生链接 下载反诈 全民反诈 守好钱袋子 看好钱袋子 线路改造 预计恢复 老年人体检 两癌筛查 家庭医生签约 参保缴费 缴费截止 缴费标准 扫码缴费 惠农补贴 耕地地力补贴 补贴发放 社保卡激活 生存认证 请注意查收 踊跃参加 逾期不候 视为自动放弃 统一登记 信息采集 请接龙 到村委会办理 集中办理 办理地点 咨询电话 如有疑问 召开会议 村民大会 村民代表大会 党员大会 主题党日 会议地点 会议时间 村部会议室 非必要不外出 避险转移 应急避难场所 防汛演练 消防演练 应急演练 健康讲座 政策宣讲 入户宣传 宣传活动 人居环境整治 环境卫生整治 清理房前屋后 门前三包 红白喜事从简 文明祭扫 鲜花祭扫 禁止燃放 一盔一带 佩戴头盔 酒后不开车 安全用电 安全用气 不私拉乱接 人走断电 预防煤气中毒 防汛值班 告家长书 安全承诺书 暑假安全 假期安全 违者依法处理 违者必究 感谢配合 请积极配合 志愿者招募',
  schedule: '计划停电 计划停水 计划停气 计划检修 例行检修 停电检修 停电通知 停水通知 停气通知 停电时间 停水时间 停电范围 停水范围 停电区域 ' +
    '请提前储水 提前储水 做好储水 储好水 提前做好准备 请提前做好 做好准备 届时 敬请谅解 敬请理解 请予谅解 敬请留意 给您带来不便 给您带来的不便 ' +
    '给大家带来不便 给大家带来的不便 特此通知 特此公告 特此告知 入户安检 入户检查 家中留人 请家中留人 施工期间 检修期间 停电期间 停水期间 ' +
    '因管道维修 因管网维修 因线路检修 因线路改造 因电网改造 因设备检修 换表期间 因检修 因施工 因维修 因工程 接上级通知 接供电所通知 接供电公司通知 ' +
    '接自来水公司通知 接水厂通知 接燃气公司通知 接镇政府通知 接镇里通知 接镇上通知 接乡政府通知 接街道通知 接区里通知 接县里通知',
  greeting: '早上好 晚安 快乐 谢谢 感谢 恭喜 辛苦 收到 祝大家',
  question: '啥材料 什么材料 哪些材料 要带啥 要带什么 多大岁数 多少岁开始 请问 谁知道 有没有人 问一下 怎么办理 去哪里',
  shop: '要的私聊 需要的私聊 要的私信 要的联系 自家种的 自家地里的 自家养的 欢迎 优惠 会员 光临 到货 特价 促销 积分 打折 折扣 抢购 活动',
  request: '啥时候 几时能 给修修 给弄弄 找谁 该找谁 找哪个 希望 请求 恳请 麻烦 帮忙 能不能 能否 要求 呼吁 解决 处理 给个说法 管一管 落实 什么时候 何时 请村里 请领导 请有关 请相关 请尽快 尽快解决 帮帮 管管 管一下 该修 修一下 来修 派人 给个答复 协调 督促 求求 讨个说法 反应 想问问 什么原因 望处理 望解决 望答复 望尽快 望相关 望有关 望部门 特此投诉 特此反映 请予 予以解决 请问何时 整改 制止',
  problem: '为啥不 为啥还 为啥一直 为啥没 咋还没 咋还不 咋不管 没人管 没得人管 管不管 反映 投诉 问题 一直 至今 多次 好几 没人 无人 不管 不给 没有解决 困难 严重 影响 长期 迟迟 不便 不方便 受不了 没办法 困扰 没人理 不理 推来推去 踢皮球 享受不到 不到位 没落实 不作为 没回复 打不通 没人接 占线 为什么不 为什么还 为什么一直 为什么没 为什么迟迟 为什么到现在 有没有人管 有人管吗 没动工 不公示 没公示 不公开',
  government: '领导 政府 村委 村里 镇上 有关部门 相关部门 书记 部门 街道 社区 供电所 自来水公司 燃气公司 物业 村干部 村长 支书 网格员 热线 乡政府 镇政府 居委会 派出所',
  danger: '危险 快来人 快来救 救命 受伤 出事 来人 着火 倒塌 塌了 冒烟 漏电 漏气 往下掉 差点 很容易 看不见 易燃 大洞 深坑 要出事 会出事 出人命 摔伤 摔倒 砸伤 砸到 掉进 随时会 随时可能 吓人 滑倒 烫伤 被电 头晕 头疼 呕吐 肚子疼 拉肚子 喘不上气 寻死 跳楼 喝农药 想不开 快塌 要塌 快倒了 要倒了 随时塌 往下滑 往下出溜 直晃悠 晃悠 没冻实 咬了 追着咬 水很深 水太深 没围 没有围 掉石头 挨到地 拖到地 耷拉 泡在水里 斜得厉害 一个大人都没有 没人看着',
  conflict: '吵 打人 骂 欺负 威胁 不讲理 霸道 不让 拦着 动手 理论 闹翻 推我 不给钱 不结 偏心 意见很大 凭什么 说了也不 一句商量 都不管 打我 打他 打她 打伤 骂我 骂他 骂她 吵起来 欺负人 耍赖 不认账 翻脸 说好的 一分没给 一分钱没给 不还钱 不敢回家 不讲道理 到期不还 借了不还 欠着不还 拖着不还 不答应 打的架 打了一架 拖欠 扯皮 殴打 打老婆 打老公 打孩子 暴躁 虐待 胁迫 争执 欠我 要回来 要不回 讨不回 维权 索要 拒绝 讹 闹离婚 闹矛盾 出轨 婚外情 外遇 小三 不让见 不给抚养费 不同意离婚 赶出家门 扬言 以死相逼 扣着 占着 不搬 赖着不走 抢走 干起来 横起来 跟我横 躲着我 见我就躲 截走 种上了 讲话难听 说话难听 骂得难听 还不改 也不改 不听劝 说了好几次 说了多少次 说了几次 也不管',
  sneaky: '偷着 偷摸 悄悄 啥字也没有 一个字都没有 三无 偷偷 私自 擅自 半夜 偷倒 偷采 盗挖 盗采 滥挖 滥伐 私设 私开 违章 直接排 直接倒 直接接 乱挖 乱建 乱倒 乱扔 乱砍 乱排 偷了 被偷 偷走 偷挖 偷砍 偷排 偷建 偷卖 私接 私挖 私建 私占 违法 违规 非法 无证 没证 禁渔 禁捕 禁猎 捕鸟 往河里 排到河里 直排 倾倒 焚烧 就地烧 乱丢 乱停 乱占 乱放 不卫生 卫生条件 脏乱 强买强卖 短斤少两 掺假 假货 以次充好 占用 卖过期 过期的食品 过期的零食 过期的药 未成年 放药 下药 排到 往沟里 往溪里 往渠里 排进 堆在路 占了一半 占了半边 没有审批 没审批 未审批 没办手续 集体的地 公家的地 基本农田 一把好几',
  trouble: '不好使 不中用 用不了 没电 没得水 没得电 太低 不熟 坏了 破了 断了 堵了 裂了 歪了 歪得 歪斜 倾斜 漏水 不通 太差 几个月 一个多月 一直没 没人来 没法 不能用 出问题 太危险 不安全 迟早 臭 遭罪 提心吊胆 到底谁 拖了 没发 没给 冲断 冲空 露在外面 晃得 坏掉 损坏 破损 塌陷 坍塌 垮了 冲垮 冲毁 冲坏 漏雨 渗漏 断裂 断货 堵塞 堵住 不亮 灭了 漆黑 黑乎乎 松了 松动 开裂 裂缝 没水 太少 不够用 不通知 没通知 没有通知 也不通知 修不好 没修 没人修 没来修 没有恢复 还没修 生锈 变形 失灵 不出水 发黄 浑浊 异味 味道很大 熏得 呛得 污水 黑水 又停了 经常停 老是停 总是停 天天停 没有发 没发放 未发放 没有发放 才发 未到账 没到位 停了好几 停了几 停了一 停了两 停了三 停了四 停了五 没动静 没有进展 没什么进展 没做好 没完工 不算数',
  facility: '路灯 水管 自来水 水龙头 水渠 水沟 排水沟 下水道 化粪池 电表 水表 马路 道路 路面 公路 村道 土路 小路 水泥路 公厕 厕所 垃圾桶 垃圾池 垃圾站 健身器材 信号塔 水泵 水井 台阶 路口 红绿灯 暖气 燃气 天然气 煤气 管道 卫生室',
  structure: '电线 电线杆 电杆 变压器 配电箱 电箱 高压线 桥面 桥墩 桥梁 小桥 石桥 大桥 河堤 堤坝 大坝 围墙 护栏 栏杆 房顶 屋顶 房梁 井盖 涵洞 水塔 燃气管 煤气管 燃气管道 挡土墙 护坡 山坡 电梯 脚手架 塔吊 墙',
  place: '村口 村头 村尾 村东 村西 村南 村北 路边 路上 河边 河里 沟里 田里 地里 山上 后山 门口 院子 我们组 我们村 我们小区 组里 小区 楼道 楼下 巷子 集市 桥上 桥下 坟地 林子 鱼塘 水库边 江边',
  duration: '老长时间 好些天 好些日子 这么久 这么长时间 一连 好几天 好几次 好多天 几天了 一个月 两个月 半个月 半年 一年多 好久 经常 每次 老是 总是 天天 三天两头 年年 到现在 还没 仍然 依然',
  hypothetical: '如果 假如 万一 是否 算不算 怎么算 怎么判 合法吗 违法吗 犯法吗 算违法 可以吗 有什么规定 法律规定 法律上 判几年 判多久 罚多少 能判 属于什么 请问律师 有效吗 怎么界定 可否 区别是什么 有什么区别 法律效力 需要什么手续 需要哪些 要什么手续 多少钱 怎样分 怎么分 如何分 如何分配 怎么分配 户口 落户 户籍 手续 公证 过户 领证 结婚证 房产证 效力 法律保护 法律责任 承担什么责任 是否有效 诉讼时效 会怎样 会怎么样 什么条件 哪些条件 赔偿标准 坐牢吗 的区别 婚姻法 离婚法 哪个法院 哪家法院 去哪里起诉 到哪里起诉 诉讼离婚',
  self: '我老公 我老婆 我丈夫 我妻子 我媳妇 我爱人 我婆婆 我公公 我岳父 我岳母 我邻居 我家 我们家 我爸 我妈 我父亲 我母亲 我哥 我弟 我姐 我妹 ' +
    '我儿子 我女儿 我前夫 我前妻 我男朋友 我女朋友 我男友 我女友 我老板 我们老板 我朋友 我同学 我们单位 我单位 我公司 本人',
  lucky: '幸运观众 幸运用户 幸运者 幸运客户 幸运号码 幸运儿 场外幸运 场外观众 场外互动 场外抽奖 节目组 抽中 被抽选 抽选为 被选为 选为本期 获得奖金 大奖 兑奖 一等奖 二等奖 三等奖 特等奖 获奖 得奖 被选中 选中为 抽选您 选您为 场外 今日之星 本季之星 幸运之星 年度之星 幸运星 栏目组 幸运达人 互动观众',
  trip: '航班 机票 改签 退改签 退票 延误 航空公司 高铁票 火车票 车票 乘机 登机 出票 旅客',
  payout: '补偿 赔偿 理赔 赔付 退款 退还 返还 双倍 三倍 退费 原路退回 理赔金 赔偿金 补偿金',
  callback: '致电 拨打 回电 联系客服 客服电话 客服热线 服务热线 热线电话 联系电话 联系快递员 客服指引 按提示 回复1 来电咨询 电话联系',
  alert: '身份认证 完成认证 即将到期 将于今日 异常 受限 被限制 限制使用 暂停 未注销 没注销 没有注销 未年检 未年审 未认证 重新登记 更新信息 更新个人信息 更新车辆信息 信息不全 信息有误 ' +
    '核实身份 验证身份 身份验证 违规使用 被退回 退回仓库 质检不合格 下架 出票失败 影响征信 影响个人征信 影响您的征信 影响你的征信',
  photo: '是不是你 这是你 是你吧 里面有你 有没有你 都是你 你的照片 你的视频 你的录像 被人拍 拍下来 偷拍 上新闻 上了新闻 传到网上 传遍了 这是谁 你自己看 自己瞧瞧 你瞧瞧 认真看完 影集 纪念册 录像',
  carrier: '流量 话费 营业厅 掌厅 套餐 宽带 咪咕 彩铃 炫铃 天翼 流量包 加油包 中国移动 中国联通 中国电信 移动用户 联通用户 电信用户 移动客户 联通客户 电信客户',
  advice: '不得进 不得在 不得私自 立即拨打 及时拨打 立即报告 及时报告 第一时间 一经发现 禁烧 宣传 防汛 防火 防止 预防 安全提醒 安全提示 注意防范 做好防范 请看好 看好自家 看管好 管好自家 引以为戒 一定要 严禁 禁止 要记牢 牢记 务必注意 安全常识 安全教育 安全知识',
  story: '重播 编剧 追剧 大结局 营销号 瞎编 谣言 辟谣 别再往群里转 新闻 电视剧 电视上 剧里 电影 小说 听说 据说 网上说 视频里 抖音上 看电视 央视报道 报纸上 抖音刷到 刷到一个 刷到视频 看到个视频 网上看到 网传 网友说 上热搜 今日头条 微博上 朋友圈看到 朋友圈转的 来源网络 图片来自网络 侵删 仅供娱乐 娱乐一下 纯属虚构 如有雷同 外地一个 不是本地的 不是我们这 不是咱们村 与本村无关 剧情 这部剧 男主 女主 小品 短剧 演戏 摆拍 直播间 讲个故事 开玩笑 开个玩笑 逗你玩 逗你的 玩笑话 别当真 说着玩 闹着玩 段子 讲笑话 太搞笑了 恶搞 整蛊 表情包 调侃 吹牛皮 耙耳朵 吃瓜 吃瓜群众 看热闹 瞎说的 乱说的 不实信息 消息不实 情况不实 虚假信息 经核实 经查证 假消息 是假的 老视频 几年前的 合成的 别乱传 不要乱传 抢红包 手气最佳 老板大气',
  done: '已解决 已经解决 问题解决了 事情解决了 圆满解决 已处理 已经处理 处理好了 已经处理完 事情处理好了 已修好 已经修好 修好了 已修复 修复完成 抢修完毕 抢修结束 已恢复供电 恢复供电 已经来电 来电了 已恢复供水 已恢复正常 已通水 已通车 恢复通行 道路已通 清理干净 已疏通 隐患已排除 已整改 整改完毕 已调解 调解成功 和好了 握手言和 已达成协议 已协商好 已赔偿 赔偿到位 工资已发 已结清 已付清 已缴费 缴费成功 已交清 登记完成 已办好 办好了 办理完成 已落实 已送达 领到了 补贴到了 补助到了 发下来了 已找到 人已找到 孩子找到了 孩子回来了 狗找到了 平安回家 虚惊一场 没事了 已经好了 已出院 已脱险 火已扑灭 明火已灭 已扑灭 已被控制 已抓获 已追回 钱追回来了 已退款 退回来了 已拖走 已拆除 已补好 已填平 装好了 换好了 路灯亮了 网络恢复 信号恢复 感谢村委会 感谢村干部 感谢书记 辛苦师傅 电工师傅辛苦 为你们点赞 效率真高 速度真快 感谢及时处理 处理很及时 感谢帮忙解决 帮了大忙 好人一生平安 不用担心了 已经没事 取消停电',
  laugh: '哈哈 嘿嘿 嘻嘻 笑死 笑哭 逗死 笑喷',
  debunk: '',
  lesson: '',
  doubt: '这是真的吗 是真的吗 真的假的 是不是骗子 是不是诈骗 是不是骗局 是骗子吗 是诈骗吗 靠谱吗 能信吗 可信吗 会不会是骗',
  exposed: '小孩 孩子 娃娃 娃儿 学生 放学 上学 老人 行人 路人 路过 过往 来往 人来人往 经过 过路 天天有人 每天有人 天天有车 走那里过 从那过 从那里过 在旁边玩 在那玩 在那里玩 在边上玩',
  plight: '出了点事 出了事 遇到点麻烦 私了 保释 看守所 拘留 被关 关起来 被扣住 被人扣 扣住了 被扣下 扣下了 住院 手术费 困境 燃眉之急 手头紧 手头有点紧 救急 江湖救急 帮帮我 伸出援手 慷慨解囊 凑钱 筹集 筹钱 想想办法 帮我想办法 周转不开 经济困难 经济上的困难 财务困境 酬谢 事成之后 借条 打借条 尽快还 还给你 会还你 回去再给你 再统一给你 等下转你 等会转你',
  party: '对方 男方 女方 老公 丈夫 老婆 妻子 媳妇 婆婆 公婆 婆家 娘家 前夫 前妻 邻居 隔壁 单位 他家 他们家 她家 弟弟 妹妹 弟媳 嫂子 老板 包工头 合伙人 房东 开发商 施工队 前任 前男友 前女友 合伙 同学 公公 小姑子 大姑子 小叔子 妯娌 继母 后妈 继父 后爸 儿媳 女婿 亲家 姐夫 妹夫',
  grievance: '咋办 咋弄 怎么整 说了几回 说了好几回 说了多少回 拿走 取走 锁了 不露面 反悔 侮辱 跑了 起诉 告他 告她 不同意 不肯 不愿意 强行 还说 哑巴亏 嚣张 没调解 不认 不赔 不管不顾 找茬 怎么办 我该 被辞退 把我辞退 被开除 把我开除 不给工资 不发工资 扣工资 扣我 不算工伤 不给认定工伤 不认工伤 强制加班 没有加班费 不给加班费 要求出院 逼我 逼着 失明 骨裂 退伙 散伙 骗了我 躲着 拉黑 失联 找不到人 跑路 毁约 偷拿 被打 挨打 打了我 验伤 轻伤 轻微伤 伤情鉴定 换了锁 赶出来 不让进 不肯还 推搡 耳光 大打出手 勒索 敲诈 不退 不赔偿 报了警 报警了',
};

export interface Cue {
  term: string;
  kind: CueKind;
}

/**
 * Every cue term with its kind. A term belongs to one kind only, and is listed once: a second listing would be
 * dropped without a word (five were, until the tenth session), so it is refused when the module loads — every
 * scanner test then fails on it. Listed once as the matcher reads it (normaliseTerm): 冇水 and 没水 are one word
 * since the dialect fold.
 */
export const CUES: readonly Cue[] = (() => {
  const kindOf = new Map<string, { kind: CueKind; term: string }>();
  const cues: Cue[] = [];
  for (const kind of CUE_KINDS) {
    for (const term of CUE_TERMS[kind].split(/\s+/)) {
      if (!term) continue;
      const key = normaliseTerm(term);
      const first = kindOf.get(key);
      if (first) throw new Error(`patrol cues: ${term} is listed twice (${first.kind} ${first.term}, ${kind})`);
      kindOf.set(key, { kind, term });
      cues.push({ term, kind });
    }
  }
  return cues;
})();

/**
 * Kinds the scanner sets itself when another kind is seen a second time, apart from the first (是诈骗 inside 都是诈骗 is
 * one): a notice says its warning or its precaution more than once, a scam or a report does not. [seen, set]
 */
export const REPEATED: ReadonlyArray<readonly [CueKind, CueKind]> = [
  ['warning', 'debunk'],
  ['advice', 'lesson'],
];

/** Pairs of kinds that are evidence together (see the file comment). */
export const COMBOS: ReadonlyArray<readonly [CueKind, CueKind]> = [
  ['plight', 'money'],
  ['plight', 'ask'],
  ['plight', 'kin'],
  ['plight', 'secrecy'],
  ['plight', 'impersonate'],
  ['link', 'money'],
  ['oddlink', 'money'],
  ['oddlink', 'urgency'],
  ['link', 'urgency'],
  ['money', 'urgency'],
  ['code', 'give'],
  ['authority', 'money'],
  ['authority', 'secrecy'],
  ['authority', 'urgency'],
  ['impersonate', 'money'],
  ['impersonate', 'urgency'],
  ['remote', 'money'],
  ['remote', 'impersonate'],
  ['link', 'impersonate'],
  ['contact', 'impersonate'],
  ['contact', 'money'],
  ['prepay', 'money'],
  ['prepay', 'impersonate'],
  ['ask', 'money'],
  ['ask', 'kin'],
  ['ask', 'impersonate'],
  ['ask', 'urgency'],
  ['kin', 'money'],
  ['kin', 'secrecy'],
  ['kin', 'urgency'],
  ['profit', 'money'],
  ['profit', 'link'],
  ['prize', 'money'],
  ['prize', 'link'],
  ['secrecy', 'money'],
  ['request', 'problem'],
  ['trouble', 'request'],
  ['trouble', 'government'],
  ['trouble', 'problem'],
  ['request', 'government'],
  ['problem', 'government'],
  ['warning', 'money'],
  // an anti-fraud notice names the scam's parts (公检法, 链接, 立即) in the same breath as the warning
  ['warning', 'authority'],
  ['warning', 'link'],
  ['warning', 'urgency'],
  ['warning', 'notice'],
  ['doubt', 'money'],
  ['doubt', 'plight'],
  ['doubt', 'authority'],
  ['doubt', 'link'],
  ['doubt', 'prize'],
  // 验证码…请勿泄露 / 如非本人操作请忽略: the code's own sender, not someone asking for it
  ['code', 'notice'],
  ['advice', 'danger'],
  ['exposed', 'structure'],
  ['exposed', 'trouble'],
  ['exposed', 'danger'],
  ['exposed', 'place'],
  ['unsubscribe', 'link'],
  ['facility', 'trouble'],
  // "是否 / 何时 / 请问" about a road, a river's works or the village office is a demand asked, not a legal question
  ['facility', 'hypothetical'],
  ['government', 'hypothetical'],
  ['facility', 'question'],
  ['facility', 'danger'],
  ['structure', 'trouble'],
  ['structure', 'danger'],
  ['place', 'trouble'],
  ['place', 'danger'],
  ['place', 'sneaky'],
  ['duration', 'trouble'],
  ['duration', 'request'],
  ['duration', 'conflict'],
  // a quarrel is told with someone in it: 老公…打我, 邻居…不让, 对方…反悔
  ['party', 'conflict'],
  ['party', 'grievance'],
  ['party', 'problem'],
  ['grievance', 'conflict'],
  ['self', 'conflict'],
  ['self', 'grievance'],
  // short scam SMS: something about you + where to act on it
  ['lucky', 'link'],
  ['lucky', 'callback'],
  ['lucky', 'money'],
  ['lucky', 'contact'],
  ['trip', 'callback'],
  ['trip', 'payout'],
  ['trip', 'money'],
  ['trip', 'contact'],
  ['payout', 'callback'],
  ['payout', 'link'],
  ['payout', 'contact'],
  ['alert', 'link'],
  ['alert', 'callback'],
  ['alert', 'urgency'],
  ['alert', 'impersonate'],
  ['photo', 'link'],
];

/**
 * Words that contain a lexicon term or a cue but mean something else: a term or cue found wholly
 * inside one of these does not count (挂断电话 is no 断电, 拨打我们 no 打我, 不通知 is no notice, 发烧友 no fever,
 * 动动手指 (a scam's "easy money") and 动手术 are no 动手, 手续费 is a fee, not a question about papers, 危房改造 is a subsidy, not a house about to fall, 怎么办理 asks for a procedure, not what to do about a wrong,
 * 离婚证 / 离婚后 / 离婚时 speak of a divorce done or in the abstract, not of a quarrel going on;
 * 移动手机, 活动，手… and 动手机 are no 动手 (the matcher skips punctuation); 占地面积 is a size, no land seized, 小三峡 a gorge, no mistress, a 填埋场 a place, nothing buried on the sly; 被打脸 is being proved wrong, no one beaten, and 拖延症 a habit, no works dragging on; a 大风扇 is a fan, no gale, and 救命 beside 哈哈 is a laugh; 抢占先机, 抢占商圈, 抢占市场 are how ads
 * sell a flat or a shop, not land seized; 采光好 praises a flat, it is no quarrel over light; 热到爆炸, 信息爆炸,
 * 爆炸性新闻 and an 爆炸头 are ways of speaking, no explosion; 空调都不管用 is a thing that does not work, nobody
 * refusing to act (都不管); 不是诈骗, 不是骗子 say the opposite of the warning 是诈骗, 骗子 inside them; 请勿告诉他人, 包括客服, 工作人员不会向您索取 are a code's own sender telling you to give it to nobody (a notice cue of the same length stays), not someone asking for it or posing as 客服; 千万不要告诉我 / 你爸妈 / 家里 ask for secrecy from one's own family (a scam's 千万不要告诉我爸妈), not the warning 千万不要 inside them (the secrecy cue of the same length stays) — a warning keeps secrets from strangers (千万不要告诉陌生人验证码, 千万别让孩子…); 不公示 is a complaint that nothing was posted, no notice).
 * 要不要点 and 要不要转 ask whether to (a villager forwarding a scam), they are not the warning 不要点, 不要转.
 */
export const MASKS: readonly string[] = ('要不要点 要不要转 不影响征信 不影响个人征信 不影响您的征信 不影响你的征信 不是诈骗 并非诈骗 不是骗子 不是骗局 挂断电话 拨打我 快来人民 发烧友 发烧节 起火热 怎么办理 手续费 动动手指 动手术 危房改造 离婚证 离婚后 离婚时 不通知 没通知 没有通知 未通知 也不通知 从不通知 不公示 没公示 未公示 没有公示 移动手 活动手 动手机 抢占先 抢占商 抢占市 采光好 到爆炸 信息爆炸 爆炸性 爆炸头 不管用 都不管用 千万不要告诉我 千万别告诉我 千万不能告诉我 千万不要告诉家 千万别告诉家 千万不要告诉爸 千万别告诉爸 千万不要告诉你爸 千万别告诉你爸 千万不要告诉你家 千万别告诉你家 千万别跟家里说 千万不要跟家里说 千万别报警 千万不要报警 千万不能报警 千万别去报警 千万不要去报警 千万不要挂 千万别挂 切勿告诉家 切勿告知家 千万不要打我 千万别打我 请勿告诉 勿告诉他人 请勿提供 勿向他人提供 包括客服 包括自称客服 客服不会 工作人员不会 手机掉水里 手机掉进水里 手机掉到水里 占地面积 占地约 总占地 小三峡 填埋场 被打脸 被打广告 拖延症 大风扇 救命哈 哈救命 ' +
  // advice, not an event (thirteenth session): 防溺水 is a lesson, 狂犬疫苗 a dog's jab, 一旦着火 what to do if; 不够工钱 is a price too low
  '防溺水 预防溺水 防止溺水 谨防溺水 严防溺水 防一氧化碳中毒 防止一氧化碳中毒 预防一氧化碳中毒 防煤气中毒 防止煤气中毒 防止中毒 预防中毒 狂犬疫苗 狂犬病疫苗 防火灾 预防火灾 防止火灾 一旦着火 一旦起火 一旦发生火灾 万一着火 万一起火 不够工钱 千万别跟 千万不要跟 千万不能跟').split(' ');

/**
 * Negation: "没人拿刀", "没有打架", "并没有漏水", "没发生火灾", "不存在隐患" tell of something that did not happen. A word
 * of an event found right after one of these — starting where the negation ends, so a comma or a space between
 * breaks it — does not count (scanner.ts, negate()). Right after, not merely later in the clause: 没人管他们吵架
 * is a complaint about a quarrel, and 没人管 itself is the complaint.
 * Words that begin with a negation are the complaint itself (没人管, 没人修, 不给, 没到账, 停水, 不亮): they start
 * where the negation starts, not after it, so they are untouched. 不要 / 别 / 千万不要 are warnings (a cue), not
 * negations here. 有没有, 是不是 and 属不属于 ask, they deny nothing (masks).
 */
export const NEGATIONS: readonly string[] = ('没 没有 并没有 并没 没人 没有人 无人 从没 从没有 从来没 从来没有 从未 未曾 并未 没再 没什么 没啥 ' +
  '没发生 没有发生 未发生 没出现 没有出现 未出现 没发现 没有发现 未发现 没看到 没有看到 没看见 没见到 ' +
  '不是 并不是 并非 并不 不存在 不涉及 不属于 也没 都没 谁也没 谁都没').split(' ');

/**
 * What a negation can undo: events and states (a quarrel, a fire, a leak, something broken, a problem, a wrong
 * done), not things and not the setting (a facility, a place, money, a request, a notice …).
 */
export const NEGATABLE_KINDS: ReadonlySet<CueKind> = new Set<CueKind>(['danger', 'conflict', 'sneaky', 'trouble', 'problem', 'grievance', 'done']);

/**
 * Things whose absence is the complaint: 没有工钱, 没有补偿款, 没有护栏, 没有灭火器, 没有路灯 ask for them. A lexicon word
 * or cue that contains one of these is never negated; nor is any 诉求 word (没有低保, 没有自来水, 没有补贴 are demands), nor
 * any 诈骗 word (并不是让您转账 is how a scam reassures; a resident's warning is told by the warning cue).
 */
export const ABSENCE_WORDS: readonly string[] = '工钱 工资 薪 补偿 补贴 补助 赔偿 租金 流转费 赡养 抚养 生活费 宅基地 承包地 边界 地界 护栏 栏杆 井盖 灭火器 消防 路灯 证 执照 许可 批准 审批 手续'.split(' ');

/** Questions that hold a negation but deny nothing (有没有人受伤, 是不是诈骗): masks (as MASKS) for the negations inside. */
export const NEGATION_MASKS: readonly string[] = '有没有 是不是 有没 还不是 属不属于 存不存在 算不算是'.split(' ');

/** Laughing emoji (the matcher skips emoji, so the scanner looks for these itself): 😂 🤣 😆 😄 😁 😅 🤭 😹 */
export const LAUGH_EMOJI = /[\u{1F602}\u{1F923}\u{1F606}\u{1F604}\u{1F601}\u{1F605}\u{1F92D}\u{1F639}]/u;

export const comboLabel = (combo: readonly [CueKind, CueKind]): string => `${CUE_LABELS[combo[0]]} + ${CUE_LABELS[combo[1]]} 同时出现`;
