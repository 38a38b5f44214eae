/**
 * The 巡群 scanner on data kept outside the project (issue 10): public sets that have no licence, or rows of a
 * licensed corpus that the bench did not sample. Nothing of them is committed or trained on; this script reads
 * them from local clones and prints how the default scanner does, so the next session can check the same way:
 *
 *   npx tsx scripts/patrol-outside-check.ts gas=<dir> hotline=<dir> fbs=<dir> lccc=<dir> kdconv=<dir> crosswoz=<dir> tft5=<dir> blind=bench/data/patrol/held-aside
 *
 * Each <dir> is a checkout or its bare git dir (bench/data/patrol/read-source.ts); give only the sets you have:
 *   gas      yong-xiong/peoples-daily-natural-gas-complaints — People's Daily message-board complaints (surfaced)
 *   hotline  timeofmei/work — Fuzhou 12345 hotline complaints and a city forum's 投诉 posts (surfaced)
 *   fbs      Cypher-Z/FBS_SMS_Dataset — fake-base-station SMS: FR:* kinds given 诈骗, AD:* kinds given 诈骗 (false alarms)
 *   lccc     thu-coai/CDial-GPT toy_valid — chat (flagged: false alarms; the bench samples toy_train)
 *   kdconv   thu-coai/KdConv dev splits — chat (flagged; the bench samples the test splits)
 *   crosswoz thu-coai/CrossWOZ test split, the user's turns the bench's crosswoz.tsv did not take — requests to a travel
 *            assistant (flagged: 帮我找 / 请问 / 附近 must not make a demand)
 *   tft5     Telecom_Fraud_Texts_5 rows in neither sms.tsv nor the training-only sms-dev.tsv (the shared samples): fraud
 *            found, normal SMS given 诈骗 — since sms-dev.tsv took the look half for training, only the check half is left
 *   blind    a folder of blind writers' village-*.tsv (this project's own, by writers who never saw the scanner):
 *            bench/data/patrol/held-aside, kept out of the corpus (bench/data/README.md) — quiet flagged, complaints
 *            surfaced, fraud found, honest SMS given 诈骗. bench/data/patrol/blind/ was that set until it joined the corpus
 *
 * Halves: where a session reads a set's misses to learn what is missing, it reads the "look" half only and reports
 * the "check" half. The halves are the parity of the text's FNV-1a hash (inLookHalf in bench/data/patrol/corpus.ts: even look, odd check) — not the
 * mixed hash of the dev/test split, and kept so, since the tenth session's figures were measured on these halves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_LABELS, inLookHalf, readLabelledFile, sharedDataDir } from '../bench/data/patrol/corpus';
import { FILES as TFT5_FILES, clean as cleanSmsRow } from '../bench/data/patrol/prepare';
import { crosswozRequests } from '../bench/data/patrol/prepare-public';
import { readSourceFile } from '../bench/data/patrol/read-source';
import { defaultScanner, type Category } from '../server/patrol/scan';
import { parseCsv, readMessages } from '../server/patrol/scan/read-messages';

export type OutsideCheck = { set: string; rows: number; measure: string; look: number; check: number; all: number };

const scanner = defaultScanner();
const categoriesOf = (text: string): readonly Category[] => scanner.scan(text).categories;
const anyCategory = (text: string): boolean => categoriesOf(text).length > 0;
const givenFraud = (text: string): boolean => categoriesOf(text).includes('fraud');
const distinct = (texts: string[]): string[] => [...new Set(texts.filter((t) => t.length >= 4))];

function measure(set: string, texts: string[], what: string, hit: (text: string) => boolean): OutsideCheck {
  const rate = (xs: string[]): number => (xs.length === 0 ? NaN : Math.round((xs.filter(hit).length / xs.length) * 1000) / 10);
  return {
    set,
    rows: texts.length,
    measure: what,
    look: rate(texts.filter(inLookHalf)),
    check: rate(texts.filter((t) => !inLookHalf(t))),
    all: rate(texts),
  };
}

/** The texts of the bench's shared samples (column 3 of each file that is there): rows already in the bench are not outside. */
function sampledTexts(...files: string[]): Set<string> {
  const paths = files.map((file) => join(sharedDataDir(), file)).filter((path) => existsSync(path));
  return new Set(paths.flatMap((path) => readFileSync(path, 'utf8').split('\n').map((line) => line.split('\t')[2])));
}

const SETS: Record<string, (root: string) => OutsideCheck[]> = {
  gas: (root) => {
    // the complaint's text is replyContentMain (the title is a few words); readMessages reads a column named text
    const csv = readSourceFile(root, 'all_pages_location.csv').toString('utf8').replace('replyContentMain', 'text');
    const read = readMessages(csv, 'csv');
    if (!read.ok) throw new Error(`gas: ${read.error.message}`);
    return [measure('gas complaints', distinct(read.messages), '% surfaced', anyCategory)];
  },
  hotline: (root) => {
    const suqiu = JSON.parse(readSourceFile(root, 'data/content_suqiu.json').toString('utf8')) as Record<string, unknown[]>;
    const complaints = distinct(suqiu['投诉件内容'].filter((t): t is string => typeof t === 'string'));
    const forum: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const page = JSON.parse(readSourceFile(root, `data/df${i}.json`).toString('utf8')) as { resultData: { data: Array<{ content?: string }> } };
      for (const post of page.resultData.data) if (post.content) forum.push(post.content);
    }
    return [measure('12345 hotline complaints', complaints, '% surfaced', anyCategory), measure('city forum 投诉 posts', distinct(forum), '% surfaced', anyCategory)];
  },
  fbs: (root) =>
    ['FR:Financial', 'FR:Other', 'FR:Phishing(Bank)', 'FR:Phishing(Other)', 'AD:Loan', 'AD:Retail', 'AD:Real_estate', 'AD:Network_service', 'AD:Other'].map((kind) => {
      // words are written apart in this set; contacts are placeholders (URL, DIGIT, NAME)
      const lines = distinct(readSourceFile(root, kind).toString('utf8').split('\n').map((l) => l.replace(/\s+/g, '')));
      return measure(`FBS ${kind}`, lines, '% given 诈骗', givenFraud);
    }),
  lccc: (root) => [
    measure('LCCC toy_valid chat', distinct(readSourceFile(root, 'data/toy_valid.txt').toString('utf8').split('\n').map((l) => l.replace(/\s+/g, '')).filter((t) => /[\u4e00-\u9fff]/.test(t))), '% flagged', anyCategory),
  ],
  kdconv: (root) => {
    const said: string[] = [];
    for (const domain of ['film', 'music', 'travel']) {
      const dialogues = JSON.parse(readSourceFile(root, `data/${domain}/dev.json`).toString('utf8')) as Array<{ messages: Array<{ message: string }> }>;
      for (const dialogue of dialogues) for (const m of dialogue.messages) said.push(m.message.replace(/\s+/g, ''));
    }
    return [measure('KdConv dev chat', distinct(said), '% flagged', anyCategory)];
  },
  crosswoz: (root) => {
    const sampled = sampledTexts('crosswoz.tsv');
    const turns = crosswozRequests((path) => readSourceFile(root, path));
    return [measure('CrossWOZ test requests (unsampled)', distinct(turns).filter((t) => !sampled.has(t)), '% flagged', anyCategory)];
  },
  tft5: (root) => {
    const samples = join(sharedDataDir(), 'sms.tsv');
    if (!existsSync(samples)) throw new Error(`tft5: 没有找到 ${samples}（需要共享样本才能排除已抽样的短信）`);
    // rows of the bench's sample and of the training-only look half (sms-dev.tsv) are not outside: once that file is
    // there, the look half of these sets is empty and the check half is the figure
    const sampled = sampledTexts('sms.tsv', 'sms-dev.tsv');
    return TFT5_FILES.map((spec) => {
      const parsed = parseCsv(new TextDecoder(spec.encoding).decode(readSourceFile(root, spec.file)));
      if (!parsed.ok) throw new Error(`${spec.file}: ${parsed.error.message}`);
      const rows = distinct(parsed.records.slice(1).map((r) => cleanSmsRow(r[0] ?? ''))).filter((t) => !sampled.has(t));
      return measure(`Telecom_Fraud_Texts_5 ${spec.source} (unsampled)`, rows, '% given 诈骗', givenFraud);
    });
  },
};

SETS.blind = (root) => {
  // every village-*.tsv in the folder (a BRIEF.md or a notes file beside them is not a writer's)
  const rows = readdirSync(root)
    .filter((file) => /^village-.*\.tsv$/.test(file))
    .flatMap((file) => readLabelledFile(join(root, file)));
  const textsOf = (...labels: string[]): string[] => rows.filter((r) => labels.includes(r.label)).map((r) => r.text);
  return [
    measure('blind writers: quiet', textsOf('quiet'), '% flagged', anyCategory),
    measure('blind writers: complaints', textsOf(...COMPLAINT_LABELS), '% surfaced', anyCategory),
    measure('blind writers: fraud', textsOf('fraud'), '% given 诈骗', givenFraud),
    measure('blind writers: honest SMS', textsOf('marketing'), '% given 诈骗', givenFraud),
  ];
};

/** The figures of the named sets ([set, directory] pairs); an unknown set name is refused. */
export function outsideChecks(pairs: Array<[string, string]>): OutsideCheck[] {
  const unknown = pairs.filter(([name, dir]) => !SETS[name] || !dir);
  if (unknown.length) throw new Error(`不认识的数据集：${unknown.map(([name]) => name).join('、')}（可用：${Object.keys(SETS).join('、')}）`);
  return pairs.flatMap(([name, dir]) => SETS[name](dir));
}

if (require.main === module) {
  const pairs = process.argv.slice(2).map((arg) => arg.split('=') as [string, string]);
  if (pairs.length === 0) {
    console.error(`用法：npx tsx scripts/patrol-outside-check.ts ${Object.keys(SETS).map((s) => `${s}=<目录>`).join(' ')}（只给手上有的）`);
    process.exit(1);
  }
  // the figures' names in Chinese for whoever reads the table; the set names stay as each corpus calls itself
  console.table(outsideChecks(pairs).map((c) => ({ 数据集: c.set, 条数: c.rows, 指标: c.measure, 可读的一半: c.look, 核对的一半: c.check, 全部: c.all })));
}
