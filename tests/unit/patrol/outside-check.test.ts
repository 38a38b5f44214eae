/**
 * The outside check (scripts/patrol-outside-check.ts) reads each public set's own layout from a checkout and scores
 * the default scanner on it; here, tiny checkouts in each set's layout with messages whose answer is known.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { outsideChecks } from '../../../scripts/patrol-outside-check';

const SCAM = '您的快递丢失，请添加客服微信办理理赔，逾期作废';
const CHAT = ['今天的晚霞真好看', '周末一起去钓鱼吧', '这首歌真好听啊'];

function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cunqun-outside-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('patrol outside check', () => {
  it('reads each set in its own layout and says how the scanner does, by half', () => {
    const gas = checkout({ 'all_pages_location.csv': `id,title,replyContentMain\n1,供暖,小区暖气一直不热，家里老人冻得受不了，希望有关部门尽快解决\n2,问候,${CHAT[0]}\n` });
    const hotline = checkout({
      'data/content_suqiu.json': JSON.stringify({ 投诉件内容: ['村后那条河又黑又臭，夏天根本没法开窗，请尽快治理', null] }),
      ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`data/df${i}.json`, JSON.stringify({ resultData: { data: [{ content: i === 1 ? '工地天天半夜施工，吵得老人孩子没法睡觉' : null }] } })])),
    });
    const fbs = checkout(Object.fromEntries(['FR:Financial', 'FR:Other', 'FR:Phishing(Bank)', 'FR:Phishing(Other)', 'AD:Loan', 'AD:Retail', 'AD:Real_estate', 'AD:Network_service', 'AD:Other'].map((kind) => [kind, kind.startsWith('FR') ? `${SCAM.split('').join(' ')}\n` : `${CHAT[1]}\n`])));
    const lccc = checkout({ 'data/toy_valid.txt': CHAT.map((t) => t.split('').join(' ')).join('\n') });
    const zipped = mkdtempSync(join(tmpdir(), 'cunqun-crosswoz-src-'));
    writeFileSync(join(zipped, 'test.json'), JSON.stringify({ 1: { messages: [{ role: 'usr', content: '你好，麻烦帮我找一家评分4分以上的餐馆' }, { role: 'sys', content: '为您推荐全聚德' }, { role: 'usr', content: '请问附近有地铁站吗？' }] } }));
    mkdirSync(join(zipped, 'data/crosswoz'), { recursive: true });
    execFileSync('zip', ['-q', '-j', join(zipped, 'data/crosswoz/test.json.zip'), join(zipped, 'test.json')]);
    const figures = outsideChecks([['gas', gas], ['hotline', hotline], ['fbs', fbs], ['lccc', lccc], ['crosswoz', zipped]]);
    const row = (set: string) => figures.find((f) => f.set === set)!;
    expect(row('gas complaints')).toMatchObject({ rows: 2, all: 50 });
    expect(row('12345 hotline complaints')).toMatchObject({ rows: 1, all: 100 });
    expect(row('city forum 投诉 posts')).toMatchObject({ rows: 1, all: 100 });
    expect(row('FBS FR:Other')).toMatchObject({ rows: 1, all: 100, measure: '% given 诈骗' });
    expect(row('FBS AD:Loan')).toMatchObject({ rows: 1, all: 0 });
    expect(row('LCCC toy_valid chat')).toMatchObject({ rows: 3, all: 0 });
    expect(row('CrossWOZ test requests (unsampled)')).toMatchObject({ rows: 2, all: 0 });
    // a message is in exactly one half: the half with none reads as not measured, never as 0 %
    for (const f of figures) expect([f.look, f.check].filter((v) => Number.isFinite(v)).length).toBeGreaterThan(0);
    expect(row('12345 hotline complaints').look + row('12345 hotline complaints').check).toBeNaN();
  });

  it('scores the blind writers\' labelled files by kind of message', () => {
    const blind = checkout({
      'village-x.tsv': `label\tsource\ttext\nquiet\town-x:chat\t${CHAT[0]}\nquiet\town-x:chat\t${CHAT[2]}\nfraud\town-x:fraud\t${SCAM}\n`,
      'village-y.tsv': 'label\tsource\ttext\nhazard\town-y:hazard\t村口那根电线杆歪了，电线都快垂到地上，小孩天天从底下过，太危险了\n',
      'notes.tsv': `label\tsource\ttext\nquiet\tx:y\t${SCAM}\n`,
    });
    const figures = outsideChecks([['blind', blind]]);
    const row = (set: string) => figures.find((f) => f.set === set)!;
    expect(row('blind writers: quiet')).toMatchObject({ rows: 2, all: 0 });
    expect(row('blind writers: complaints')).toMatchObject({ rows: 1, all: 100 });
    expect(row('blind writers: fraud')).toMatchObject({ rows: 1, all: 100 });
    expect(row('blind writers: honest SMS').rows).toBe(0);
  });

  it('refuses a set it does not know, naming the ones it does', () => {
    expect(() => outsideChecks([['weibo', '/tmp']])).toThrow(/不认识的数据集：weibo（可用：gas、hotline/);
  });
});
