/**
 * A walk through every action of the `patrol` function on the seeded demo village, as the people who
 * would do it — each write sent twice with the same requestId (the retry is measured too). Used by the
 * integration test (every action within the round-trip budget) and by bench/round-trips.ts.
 */
import { uploadPrefix } from '../server/kernel/files';
import type { TourInvoke, TourStep } from './account-tour';
import { DEMO_OPENIDS as P } from './village';

/** `env`: the emulator's environment (its default): a photo is a fileID of this environment under the poster's upload prefix */
export async function patrolTour(invoke: TourInvoke, tag = Date.now().toString(36), env = 'cunqun-local'): Promise<TourStep[]> {
  const Q = 'qingshi';
  const steps: TourStep[] = [];
  let n = 0;
  const run = async (openid: string, action: string, payload: Record<string, unknown>, group?: unknown) => {
    const requestId = `ptour-${tag}-${++n}`;
    const event = { action, payload: { villageId: Q, ...payload }, requestId, ...(group ? { group } : {}) };
    const first = await invoke(openid, event);
    const retry = await invoke(openid, event);
    steps.push({ action, ok: first.ok, code: first.error?.code, dbCalls: first.dbCalls, retryDbCalls: retry.dbCalls });
    return first;
  };
  // texts unique to this tour run, so a second tour on the same data opens its own leads
  const u = (text: string) => `${text}（${tag}）`;

  await run(P.resident, 'listBoard', {});
  await run(P.elder, 'noticesToHear', {});
  const post = await run(P.resident, 'createPost', { text: u('东头组电线杆倒了，电线挂在路边'), photos: [{ fileId: `cloud://${env}.tour/${uploadPrefix(Q, P.resident)}photo/tour-${tag}.jpg` }] });
  const postId = post.data?.postId as string;
  await run(P.elder, 'createPost', { text: u('我也看到了，大家绕着走'), replyTo: postId });
  await run(P.elder, 'getThread', { postId });
  const plain = await run(P.elder, 'createPost', { text: u('晚上广场跳舞的人多不多') });
  await run(P.resident, 'flagPost', { postId: plain.data?.postId, reason: '想问问' });
  const held = await run(P.resident, 'createPost', { text: u('这个项目稳赚不赔') });
  await run(P.gridWorker, 'reviewPost', { postId: held.data?.postId, decision: 'reject', reason: '涉嫌非法集资宣传' });
  const pasted = await run(P.resident, 'submitLead', { text: u('群里有人说社保卡被冻结了，要提供验证码'), groupName: '青石村村民群' }, { cloudID: 'dev-opengid:demo-group-qingshi' });
  await run(P.gridWorker, 'importMessages', {
    groupName: '青石村村民群',
    messages: [
      { dedupeKey: `${(0x30000000 + n).toString(16)}aa`, sender: '孙老汉', sentAt: 1746000000000, text: u('河堤下面冒水了，像是管涌'), kind: 'text', line: 1 },
      { dedupeKey: `${(0x30000000 + n).toString(16)}bb`, sender: '刘桂花', sentAt: 1746000060000, text: '收到', kind: 'text', line: 4 },
    ],
  });
  await run(P.gridWorker, 'listQueue', {});
  await run(P.committee, 'listQueue', { view: 'closed' });
  await run(P.gridWorker, 'getLead', { leadId: postId });
  await run(P.gridWorker, 'replyLead', { leadId: postId, text: '已通知供电所，下午来修' });
  await run(P.gridWorker, 'dismissLead', { leadId: plain.data?.postId, reason: '只是问问，不是问题' });
  const pastedLead = pasted.data?.leadId as string;
  await run(P.gridWorker, 'escalateLead', { leadId: pastedLead, reason: '请村委统一发提醒' });
  await run(P.committee, 'warnLead', { leadId: pastedLead, text: '防骗提醒：社保局不会让您提供验证码，接到这种电话请直接挂断。' });
  const fire = await run(P.resident, 'createPost', { text: u('西头着火了，快来人') });
  await run(P.gridWorker, 'convertLead', { leadId: fire.data?.postId, categoryId: 'other', text: u('西头着火，已灭，需要查看电线') });
  const lex = await run(P.committee, 'getLexicon', {});
  await run(P.committee, 'editLexicon', { baseVersion: lex.data?.version ?? 0, edits: [{ op: 'add', entry: { term: u('采石放炮').replace(/[（）]/g, ''), category: 'hazard', weight: 6, action: 'flag' } }] });
  await run(P.gridWorker, 'coverage', {});
  // the committee reads the scanner's precision, moves a threshold and puts it back (the demo keeps its defaults)
  const precision = await run(P.committee, 'scannerPrecision', {});
  const thresholdsVersion = (precision.data?.thresholdsVersion as number | undefined) ?? 0;
  await run(P.committee, 'setThresholds', { baseVersion: thresholdsVersion, thresholds: { hazard: 0.4 } });
  await run(P.committee, 'setThresholds', { baseVersion: thresholdsVersion + 1, thresholds: { hazard: null } });
  return steps;
}
