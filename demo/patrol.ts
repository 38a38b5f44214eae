/**
 * The patrol job's demo data in 青石村: a day of the village's WeChat group as an exported chat record
 * (WeChatMsg TXT layout, a few hundred lines, with fraud and hazard lines among the chatter) imported by
 * the grid worker 张建军, board posts and replies, and some leads already handled (dismissed, replied,
 * escalated, a fraud warning pinned on the board). Made by running the real commands through the
 * router, so every document has its scan, cluster, markers and audit trail exactly as the app makes them.
 * Idempotent: its own marker `seed:patrol:v1` (in the patrol collection) is written last.
 */
import { devOpenData, type OpenApi } from '../server/kernel/openapi';
import { route } from '../server/kernel/router';
import type { Store } from '../server/kernel/store';
import { patrolFunction } from '../server/patrol/spec';
import { toImportBatches } from '../server/patrol/batches';
import { parseChatRecord } from '../server/patrol/import';
import { PATROL } from '../server/patrol/model';
import { DEMO_OPENIDS as P } from './village';

export const PATROL_SEED_MARKER_ID = 'seed:patrol:v1';
export const DEMO_CHAT_GROUP = '青石村村民群';

const HOUR = 3600_000;
const MIN = 60_000;

/** Ordinary chatter: what most of a village group is. */
const CHATTER: [string, string][] = [
  ['王建国（村支书）', '各位乡亲早上好，今天开始春耕补贴申报，有需要的到村委会登记。'],
  ['刘桂花', '收到'],
  ['孙老汉', '收到'],
  ['周玉珍', '好的，谢谢书记'],
  ['黄志刚', '补贴申报要带什么材料？'],
  ['王建国（村支书）', '带户口本、身份证和一卡通，家里有人在外地的可以让网格员代办。'],
  ['马卫东', '明天镇上赶集，谁家要捎东西的说一声，我开三轮去'],
  ['孙丽', '帮我带两袋复合肥，回来给你钱'],
  ['马卫东', '好嘞'],
  ['吴丽华', '今天下午村卫生室有免费量血压，老人们可以去'],
  ['杨秀英家闺女', '我妈腿脚不方便，能上门量吗？'],
  ['吴丽华', '可以的，我跟村医说一下，下午三点左右过去'],
  ['陈思远', '[图片]'],
  ['陈思远', '村口的油菜花开了，真好看'],
  ['朱红梅', '好看！周末带孩子去拍照'],
  ['林大山', '有没有人知道今年的合作医疗什么时候截止缴费？'],
  ['胡学文', '月底截止，可以在微信上交，不会的来村委我帮你弄'],
  ['林小燕', '[语音]'],
  ['郭淑芬', '我家母鸡今天下了双黄蛋哈哈'],
  ['罗美玲', '厉害了'],
  ['高建华', '河滨组的乡亲注意，明天上午九点在活动室开会，说一下垃圾分类的事'],
  ['唐志勇', '收到，准时到'],
  ['冯小红', '收到'],
  ['许长林', '晚上广场有电影，《我和我的家乡》'],
  ['曹国庆', '好，带孙子去看'],
  ['彭秀梅', '[表情]'],
  ['曾丽娟', '谁家有旧的婴儿车不用了？想借用一个月'],
  ['田野', '我家有一个，下午来拿吧'],
  ['肖军', '今年的茶叶收购价出来了吗？'],
  ['王建国（村支书）', '合作社说下周定，到时候群里通知'],
  ['宋春生', '我家茶园缺两个帮工，一天一百五，管午饭'],
  ['梁晓东', '我可以去，明天几点？'],
  ['宋春生', '早上六点半，茶园门口见'],
  ['郑海波', '快递点今天几点关门？'],
  ['谢婷', '六点，今天的件有点多'],
  ['王小梅', '我在外地打工，家里老人麻烦大家多照应，谢谢乡亲们'],
  ['张建军（网格员）', '放心，我每周都去看看王大爷'],
  ['李桂兰', '[语音]'],
  ['张建军（网格员）', '李阿姨说的是明天去镇医院复查，需要人陪，我明早开车送您'],
  ['刘春燕', '明天有雨，晒的东西记得收'],
]

/**
 * What a grid worker must not miss, placed among the chatter: fraud (冒充社保、刷单、冒充亲人、养老投资),
 * hazards (管涌、电线、煤气、落石), a dispute and a demand. Two scam messages arrive in near-identical
 * copies (the phone number differs): they cluster into one lead with a count.
 */
const SIGNALS: [at: number, sender: string, text: string][] = [
  [3, '陌生号码转发', '【社保局通知】您的社保卡已被冻结，请立即拨打 17012345678 联系专员，提供短信验证码办理解冻，逾期将注销。'],
  [9, '孙老汉', '河堤下面冒水了，像是管涌，水是浑的，快找人来看看'],
  [14, '小周', '在家兼职刷单，一单返利20元，日结，有意者加我'],
  [20, '赵长顺家', '东头组电线断了，挂在路边树上，还在冒烟'],
  [27, '陌生号码转发', '【社保局通知】您的社保卡已被冻结，请立即拨打 17098765432 联系专员，提供短信验证码办理解冻，逾期将注销。'],
  [33, '何秀珍家', '西头组老何家有很重的煤气味，敲门没人应'],
  [41, '老陈 (二组)', '村口的路灯坏了好几天了，晚上黑乎乎的，老人走路容易摔跤。'],
  [48, '高宇航', '我妈刚收到短信：妈我手机掉水里了，这是新号，急用钱先转我五千，别告诉爸。这是不是冒充子女的骗子？'],
  [55, '韩家', '后山又在落石，昨天一块大石头滚到路中间了'],
  [62, '李家媳妇', '王家把围墙砌到我家宅基地上了，今天又吵起来了，差点打架'],
  [70, '养老顾问刘经理', '养老投资新项目，稳赚不赔，年化收益百分之二十，名额有限'],
  [77, '马金花家', '三组这两天停水了，老人吃水都要去邻居家挑'],
];

/** The chat record as WeChatMsg exports it (TXT): `time sender`, the text, a blank line. */
export function demoChatRecord(now: number): string {
  const start = now - 30 * HOUR; // yesterday, early morning
  const lines: string[] = [];
  const total = CHATTER.length * 2 + SIGNALS.length;
  const signalAt = new Map(SIGNALS.map(([at, sender, text]) => [at, [sender, text] as [string, string]]));
  let chatter = 0;
  for (let i = 0; i < total; i++) {
    const [sender, text] = signalAt.get(i) ?? CHATTER[chatter++ % CHATTER.length];
    const at = new Date(start + i * 9 * MIN + (i % 7) * 13_000);
    lines.push(`${beijing(at)} ${sender}`, text, '');
  }
  return lines.join('\n');
}

/** 'YYYY-MM-DD HH:MM:SS' in Beijing time (the exports write local wall-clock time). */
function beijing(d: Date): string {
  const b = new Date(d.getTime() + 8 * HOUR);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
}

/** Every text passes: the demo's own words are not what msgSecCheck is about. */
const passAll: OpenApi = {
  async msgSecCheck() {
    return { suggest: 'pass', label: 100 };
  },
  async sendSubscribe() {},
  getOpenData: async (cloudIDs: string[]) => cloudIDs.map(devOpenData),
};

export interface PatrolSeedResult {
  seeded: boolean;
  messages: number;
}

export async function seedPatrolDemo(store: Store, now: number): Promise<PatrolSeedResult> {
  if (await store.get(PATROL, PATROL_SEED_MARKER_ID)) return { seeded: false, messages: 0 };
  // converting a lead needs the grid function: the demo leaves that to the person trying the app
  const spec = patrolFunction({ grid: { call: async () => ({ ok: false, error: { code: 'ticket_not_created' } }), ticketIdFor: () => 'none' } });
  let n = 0;
  const run = async (openid: string, at: number, action: string, payload: Record<string, unknown>): Promise<any> => {
    const answer = await route(spec, { action, payload: { villageId: 'qingshi', ...payload }, requestId: `seed-patrol-${++n}` }, { openid, clock: () => at, store, openapi: passAll });
    if (!answer.ok) throw new Error(`demo patrol seed: ${action} failed: ${answer.error.code}`);
    return answer.data;
  };

  // 1. yesterday's group chat, imported by 张建军 this morning
  const parsed = parseChatRecord(demoChatRecord(now), { timezone: 'Asia/Shanghai' });
  if (!parsed.ok) throw new Error(`demo chat record does not parse: ${parsed.errors[0]?.message}`);
  for (const batch of toImportBatches(parsed.messages)) await run(P.gridWorker, now - 3 * HOUR, 'importMessages', { messages: batch, groupName: DEMO_CHAT_GROUP, format: parsed.format });

  // 2. the board
  await run(P.committee, now - 26 * HOUR, 'createPost', { text: '本周六上午八点，村委组织清理河道垃圾，每户出一人，自带手套。' });
  const lamp = await run(P.resident, now - 8 * HOUR, 'createPost', { text: '东头组路口的路灯坏了，晚上接孩子看不清路，能不能修一下？' });
  await run(P.elder, now - 7 * HOUR, 'createPost', { text: '是啊，我前天晚上差点摔了', replyTo: lamp.postId });
  const water = await run('demo-qingshi-committee-2', now - 5 * HOUR, 'createPost', { text: '西头组水管爆了，路上全是水，已经关了总阀' });
  await run(P.elder, now - 2 * HOUR, 'createPost', { text: '今天天气好，大家记得晒被子' });
  const seeds = await run(P.resident, now - 90 * MIN, 'createPost', { text: '谁家有多余的玉米种子？想换一点' });
  await run(P.committee, now - 60 * MIN, 'createPost', { text: '我家还有半袋，来拿', replyTo: seeds.postId });

  // 3. some leads already handled
  const queue = (await run(P.committee, now - 2 * HOUR, 'listQueue', { pageSize: 50 })).leads as { leadId: string; text: string }[];
  const lead = (part: string) => queue.find((l) => l.text.includes(part))?.leadId;
  await run(P.gridWorker, now - 100 * MIN, 'replyLead', { leadId: lamp.postId, text: '已报给镇上的电工，明天上午来换灯泡。晚上出门请带手电。' });
  await run(P.gridWorker, now - 80 * MIN, 'replyLead', { leadId: water.postId, text: '水务站的师傅正在路上，预计下午两点前修好，期间请用桶接水。' });
  const social = lead('社保卡已被冻结');
  if (social) await run(P.gridWorker, now - 70 * MIN, 'warnLead', { leadId: social, text: '防骗提醒：最近有人冒充社保局发短信，说社保卡被冻结、让打电话给验证码。社保局从不这样通知，千万别打、别给验证码，拿不准就问网格员。' });
  const grandson = lead('冒充子女');
  if (grandson) await run(P.gridWorker, now - 60 * MIN, 'dismissLead', { leadId: grandson, reason: '是村民转来问真假，已打电话告诉他是骗局、别转钱；不是骗子本人发的' });
  const wall = lead('宅基地');
  if (wall) await run(P.gridWorker, now - 40 * MIN, 'escalateLead', { leadId: wall, reason: '宅基地边界要村委调解，涉及两户' });

  await store.put(PATROL, { _id: PATROL_SEED_MARKER_ID, kind: 'meta', villageId: 'qingshi', seededAt: now, messages: parsed.messages.length });
  return { seeded: true, messages: parsed.messages.length };
}
