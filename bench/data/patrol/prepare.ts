/**
 * Builds sms.tsv, the sample of a public fraud-SMS corpus (see README.md for the source and its licence).
 * Data from public repositories is not committed here: the sample lives in the steering repo's
 * shared/patrol-data/, which corpus.ts reads when it is there:
 *
 *   npx tsx bench/data/patrol/prepare.ts /path/to/Telecom_Fraud_Texts_5 <out-dir> (a checkout or its git dir)
 *
 * Deterministic: rows are taken in file order after a seeded shuffle, so the same source gives the
 * same file. Also writes sms-dev.tsv, the unsampled rows of the outside check's look half, for training only. Labels: label00 (normal SMS, mostly carrier and shop marketing) → marketing;
 * label01–04 (冒充公检法, 贷款, 冒充客服, 冒充领导熟人) → fraud, subtype kept in the source column.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../../server/patrol/scan/read-messages';
import { seededRandom as seeded } from '../../support/seeded-random';
import { inLookHalf } from './corpus';
import { readSourceFile } from './read-source';

/** The corpus's files: which label each is, how many rows the sample takes, how it is encoded. */
export const FILES: Array<{ file: string; label: string; source: string; take: number; encoding: string }> = [
  { file: 'label00-last.csv', label: 'marketing', source: 'tft5:normal', take: 1000, encoding: 'utf8' },
  { file: 'label01-last.csv', label: 'fraud', source: 'tft5:police', take: 160, encoding: 'utf8' },
  { file: 'label02-last.csv', label: 'fraud', source: 'tft5:loan', take: 160, encoding: 'utf8' },
  { file: 'label03-last.csv', label: 'fraud', source: 'tft5:service', take: 160, encoding: 'utf8' },
  { file: 'label04-last.csv', label: 'fraud', source: 'tft5:acquaintance', take: 160, encoding: 'gb18030' },
];

function main(): void {
  const [root, outDir] = process.argv.slice(2);
  if (!root || !outDir) throw new Error('用法：npx tsx bench/data/patrol/prepare.ts <Telecom_Fraud_Texts_5 目录> <输出目录（shared/patrol-data）>');
  const out: string[] = ['label\tsource\ttext'];
  // the rows the sample did not take whose text hash is even — the "look" half of scripts/patrol-outside-check.ts,
  // whose misses a session may read: training only (corpus.ts puts a *-dev.tsv file wholly on the dev side), so the
  // model learns from thousands of SMS instead of a thousand, while the odd half stays unread as the outside check
  const more: string[] = ['label\tsource\ttext'];
  const seen = new Set<string>();
  for (const spec of FILES) {
    const text = new TextDecoder(spec.encoding).decode(readSourceFile(root, spec.file));
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(`${spec.file}: ${parsed.error.message}`);
    const rows = parsed.records.slice(1).map((r) => clean(r[0] ?? '')).filter((t) => t.length >= 4 && !seen.has(t));
    const random = seeded(0x70a7 + spec.take);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    let taken = 0;
    const rest: string[] = [];
    for (const row of rows) {
      if (seen.has(row)) continue;
      if (taken >= spec.take) {
        rest.push(row);
        continue;
      }
      seen.add(row);
      out.push(`${spec.label}\t${spec.source}\t${row}`);
      taken++;
    }
    for (const row of rest) if (inLookHalf(row) && !seen.has(row)) (seen.add(row), more.push(`${spec.label}\t${spec.source}\t${row}`));
  }
  writeFileSync(join(outDir, 'sms.tsv'), out.join('\n') + '\n');
  writeFileSync(join(outDir, 'sms-dev.tsv'), more.join('\n') + '\n');
  console.log(`sms.tsv: ${out.length - 1} messages; sms-dev.tsv: ${more.length - 1}`);
}

/** One line, no tabs: the file is one message per line. */
export const clean = (text: string): string => text.replace(/[\t\r\n]+/g, ' ').trim();

if (require.main === module) main();
