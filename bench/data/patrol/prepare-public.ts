/**
 * Builds the samples of public chat corpora that the 巡群 evaluation reads beside sms.tsv and
 * handwritten.tsv (README.md: origin, commit, licence, label mapping of each). They are not
 * committed here: data brought in from public repositories lives in the steering repo's
 * shared/patrol-data/ (corpus.ts reads it from there, or from $CUNQUN_PATROL_SHARED_DATA).
 *
 *   npx tsx bench/data/patrol/prepare-public.ts <out-dir> lccc=<CDial-GPT> kdconv=<KdConv> crosswoz=<CrossWOZ>
 *
 * Each source is a checkout or a bare git dir of the repository named in README.md. Deterministic:
 * utterances are cleaned and de-duplicated in file order, shuffled with a seed, then taken in order,
 * so the same source gives the same file. The repository's licence is copied beside each sample.
 * Every row is labelled quiet; each sample was read through by a person before it was first used
 * (README.md says what was found).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textHash, type EvalLabel } from './corpus';
import { LAWADVICE_LABELS, LAWQA_LABELS } from './lawqa-labels';
import { seededRandom as seeded } from '../../support/seeded-random';
import { readSourceFile } from './read-source';

interface PublicSource {
  /** key on the command line and file name: <key>.tsv, <key>.LICENSE.txt */
  key: string;
  /** the source column: family:kind */
  source: string;
  take: number;
  /** of the shuffle: fixed, so the sample stays what was read by hand */
  seed: number;
  licenceFile: string;
  /** every candidate utterance of the source, in file order */
  utterances(read: (path: string) => Buffer): string[];
  /**
   * Labels given by a person who read each message, by textHash; 'drop' = read and left out (unclear,
   * or not a message). Without it every row is quiet.
   */
  handLabels?: Record<number, EvalLabel | 'drop'>;
}

/** CrossWOZ's test split: the user's turns, dialogue by dialogue (the file is zipped in the repository). */
export function crosswozRequests(read: (path: string) => Buffer): string[] {
  const zip = join(mkdtempSync(join(tmpdir(), 'crosswoz-')), 'test.json.zip');
  writeFileSync(zip, read('data/crosswoz/test.json.zip'));
  const json = execFileSync('unzip', ['-p', zip, 'test.json'], { maxBuffer: 128 << 20 }).toString('utf8');
  const dialogues = JSON.parse(json) as Record<string, { messages: Array<{ role: string; content: string }> }>;
  return Object.keys(dialogues)
    .sort()
    .flatMap((id) => dialogues[id].messages.filter((m) => m.role === 'usr').map((m) => clean(m.content)));
}

/** One line, no tabs; LCCC writes every character apart ("我 想 要"), so single spaces go. */
const clean = (text: string): string => text.replace(/[\t\r\n]+/g, ' ').trim();
const unspaced = (text: string): string => clean(text).replace(/ /g, '');

const SOURCES: PublicSource[] = [
  {
    // LCCC toy split shipped in the repository (Weibo-based short chat, cleaned by its authors)
    key: 'lccc',
    source: 'lccc:chat',
    take: 300,
    seed: 0x70a7 + 300,
    licenceFile: 'LICENSE',
    utterances: (read) =>
      read('data/toy_train.txt')
        .toString('utf8')
        .split('\n')
        .flatMap((line) => line.split('\t'))
        .map(unspaced),
  },
  {
    // KdConv test split: knowledge-grounded chat about films, music and travel
    key: 'kdconv',
    source: 'kdconv:chat',
    take: 150,
    seed: 0x70a7 + 150,
    licenceFile: 'LICENSE',
    utterances: (read) =>
      ['film', 'music', 'travel'].flatMap((domain) =>
        (JSON.parse(read(`data/${domain}/test.json`).toString('utf8')) as Array<{ messages: Array<{ message: string }> }>).flatMap((d) =>
          d.messages.map((m) => clean(m.message)),
        ),
      ),
  },
  {
    // CrossWOZ test split: the user's turns of task dialogues (hotels, restaurants, sights, metro, taxi)
    key: 'crosswoz',
    source: 'crosswoz:request',
    take: 100,
    seed: 0x70a7 + 100,
    licenceFile: 'LICENSE',
    utterances: crosswozRequests,
  },
  {
    // Lawyer LLaMA's legal questions: people's own words to a legal-advice site (the answers, written
    // by a model, are not used); each read and labelled by hand in lawqa-labels.ts
    key: 'lawqa',
    source: 'lawqa:question',
    take: 180,
    seed: 0x70a7 + 150,
    licenceFile: 'LICENSE',
    utterances: (read) =>
      ['data/zixun_gpt4.json', 'data/legal_counsel_with_article_v2.json'].flatMap((file) =>
        (JSON.parse(read(file).toString('utf8')) as Array<{ query: string }>).map((q) => clean(q.query)),
      ),
    handLabels: LAWQA_LABELS,
  },
  {
    // Lawyer LLaMA's other question file: the same kind of people's questions, wider in topic
    // (neighbours, wages, contracts, compensation); labelled by hand in lawqa-labels.ts
    key: 'lawadvice',
    source: 'lawadvice:question',
    take: 300,
    seed: 0x1a3d,
    licenceFile: 'LICENSE',
    utterances: (read) =>
      (JSON.parse(read('data/legal_advice.json').toString('utf8')) as Array<Array<{ instruction: string }>>).flatMap((group) =>
        group.map((q) => clean(q.instruction)),
      ),
    handLabels: LAWADVICE_LABELS,
  },
];

/** A chat line worth scoring: some Chinese, not a bare emoticon or a one-word reply. */
const usable = (text: string): boolean => text.length >= 4 && text.length <= 200 && /[\u4e00-\u9fff]{2}/.test(text);

function main(): void {
  const [outDir, ...pairs] = process.argv.slice(2);
  if (!outDir || pairs.length === 0) throw new Error('用法：npx tsx bench/data/patrol/prepare-public.ts <输出目录> lccc=<目录> kdconv=<目录> crosswoz=<目录>');
  mkdirSync(outDir, { recursive: true });
  for (const pair of pairs) {
    const [key, root] = pair.split('=');
    const spec = SOURCES.find((s) => s.key === key);
    if (!spec || !root) throw new Error(`未知的来源：${pair}`);
    const read = (path: string): Buffer => readSourceFile(root, path);
    const seen = new Set<string>();
    const rows = spec.utterances(read).filter((t) => usable(t) && !seen.has(t) && seen.add(t));
    const random = seeded(spec.seed);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const out = ['label\tsource\ttext'];
    const unlabelled: string[] = [];
    for (const text of rows) {
      if (out.length - 1 + unlabelled.length >= spec.take) break;
      const label = spec.handLabels ? spec.handLabels[textHash(text)] : 'quiet';
      if (label === undefined) unlabelled.push(`${textHash(text)}\t${text}`);
      else if (label !== 'drop') out.push(`${label}\t${spec.source}\t${text}`);
    }
    if (unlabelled.length > 0) throw new Error(`${spec.key}: ${unlabelled.length} 条还没有人工标注（textHash 与原文）：\n${unlabelled.join('\n')}`);
    writeFileSync(join(outDir, `${spec.key}.tsv`), out.join('\n') + '\n');
    writeFileSync(join(outDir, `${spec.key}.LICENSE.txt`), read(spec.licenceFile));
    console.log(`${spec.key}.tsv: ${out.length - 1} messages of ${rows.length}`);
  }
}

if (require.main === module) main();
