/**
 * 巡群 accuracy (issue 10): the default scanner on the labelled messages of bench/data/patrol
 * (sources and licences in bench/data/README.md), scored on the TEST split only — the model
 * was trained and the thresholds tuned on the development split.
 *
 *   patrol_eval_fraud_recall             fraud messages given 诈骗
 *   patrol_eval_fraud_false_alarm        messages that are not fraud (marketing SMS, chat, notices,
 *                                        complaints) given 诈骗
 *   patrol_eval_complaints_surfaced      demands, disputes, hazards, violations given any category
 *   patrol_eval_quiet_flagged            chit-chat, greetings, notices, warnings, shop posts given any category
 *   patrol_eval_marketing_flagged        carrier and shop SMS given any category
 *   patrol_eval_sms_fraud_false_alarm    carrier and shop SMS given 诈骗: the false alarms of a set of real SMS alone,
 *                                        which fraud_false_alarm dilutes with chat and complaints that never look like a scam
 *   patrol_eval_<category>_precision / _recall
 *
 * Also prints, for dev and test, the table per category and per source.
 * Alone: npx tsx bench/patrol-eval.ts  (add --dev to return the development figures instead)
 */
import { COMPLAINT_LABELS, loadCorpus, type EvalMessage } from './data/patrol/corpus';
import { CATEGORY_ORDER, defaultScanner, type Category, type Scanner } from '../server/patrol/scan';

export interface EvalFigures {
  fraud_recall: number;
  fraud_false_alarm: number;
  complaints_surfaced: number;
  quiet_flagged: number;
  marketing_flagged: number;
  sms_fraud_false_alarm: number;
  perCategory: Record<Category, { precision: number; recall: number; gold: number; given: number }>;
  perSource: Array<{ source: string; label: string; messages: number; right: number; flagged: number }>;
  messages: number;
}

/** NaN when there is nothing to measure (written as null in results.json): a fresh clone without the shared
 * samples has no marketing SMS, and 0 % flagged out of none would read as a result */
const rate = (part: number, whole: number): number => (whole === 0 ? NaN : Math.round((part / whole) * 1000) / 1000);

/** Scores one scanner on a set of labelled messages. */
export function evaluate(scanner: Scanner, messages: readonly EvalMessage[]): EvalFigures {
  let fraud = 0, fraudHit = 0, notFraud = 0, notFraudAsFraud = 0, complaints = 0, surfaced = 0, quiet = 0, quietFlagged = 0, marketing = 0, marketingFlagged = 0, marketingAsFraud = 0;
  const tp = new Map<Category, number>(), given = new Map<Category, number>(), gold = new Map<Category, number>();
  const bySource = new Map<string, { source: string; label: string; messages: number; right: number; flagged: number }>();
  for (const m of messages) {
    const categories = scanner.scan(m.text).categories;
    const flagged = categories.length > 0;
    const asFraud = categories.includes('fraud');
    if (m.label === 'fraud') (fraud++, asFraud && fraudHit++);
    else (notFraud++, asFraud && notFraudAsFraud++);
    if (COMPLAINT_LABELS.includes(m.label)) (complaints++, flagged && surfaced++);
    if (m.label === 'quiet') (quiet++, flagged && quietFlagged++);
    if (m.label === 'marketing') (marketing++, flagged && marketingFlagged++, asFraud && marketingAsFraud++);
    for (const c of categories) given.set(c, (given.get(c) ?? 0) + 1);
    if ((CATEGORY_ORDER as readonly string[]).includes(m.label)) {
      const c = m.label as Category;
      gold.set(c, (gold.get(c) ?? 0) + 1);
      if (categories.includes(c)) tp.set(c, (tp.get(c) ?? 0) + 1);
    }
    const key = `${m.source}|${m.label}`;
    const row = bySource.get(key) ?? { source: m.source, label: m.label, messages: 0, right: 0, flagged: 0 };
    row.messages++;
    if (flagged) row.flagged++;
    const right = (CATEGORY_ORDER as readonly string[]).includes(m.label) ? categories.includes(m.label as Category) : !flagged;
    if (right) row.right++;
    bySource.set(key, row);
  }
  const perCategory = {} as EvalFigures['perCategory'];
  for (const c of CATEGORY_ORDER) {
    perCategory[c] = { precision: rate(tp.get(c) ?? 0, given.get(c) ?? 0), recall: rate(tp.get(c) ?? 0, gold.get(c) ?? 0), gold: gold.get(c) ?? 0, given: given.get(c) ?? 0 };
  }
  return {
    fraud_recall: rate(fraudHit, fraud),
    fraud_false_alarm: rate(notFraudAsFraud, notFraud),
    complaints_surfaced: rate(surfaced, complaints),
    quiet_flagged: rate(quietFlagged, quiet),
    marketing_flagged: rate(marketingFlagged, marketing),
    sms_fraud_false_alarm: rate(marketingAsFraud, marketing),
    perCategory,
    perSource: [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source)),
    messages: messages.length,
  };
}

function print(name: string, f: EvalFigures): void {
  console.log(`\n巡群 evaluation — ${name} split, ${f.messages} messages (sources and licences: bench/data/README.md)`);
  console.table({
    fraud_recall: f.fraud_recall,
    fraud_false_alarm: f.fraud_false_alarm,
    complaints_surfaced: f.complaints_surfaced,
    quiet_flagged: f.quiet_flagged,
    marketing_flagged: f.marketing_flagged,
    sms_fraud_false_alarm: f.sms_fraud_false_alarm,
  });
  console.table(Object.fromEntries(CATEGORY_ORDER.map((c) => [c, f.perCategory[c]])));
  console.table(f.perSource.map((r) => ({ source: r.source, label: r.label, messages: r.messages, right: rate(r.right, r.messages), flagged: rate(r.flagged, r.messages) })));
}

export async function run(options: { split?: 'dev' | 'test'; quiet?: boolean } = {}): Promise<Record<string, number>> {
  const corpus = loadCorpus();
  const scanner = defaultScanner();
  const dev = evaluate(scanner, corpus.filter((m) => m.split === 'dev'));
  const test = evaluate(scanner, corpus.filter((m) => m.split === 'test'));
  if (!options.quiet) {
    print('dev', dev);
    print('test', test);
  }
  const f = options.split === 'dev' ? dev : test;
  const figures: Record<string, number> = {
    patrol_eval_fraud_recall: f.fraud_recall,
    patrol_eval_fraud_false_alarm: f.fraud_false_alarm,
    patrol_eval_complaints_surfaced: f.complaints_surfaced,
    patrol_eval_quiet_flagged: f.quiet_flagged,
    patrol_eval_marketing_flagged: f.marketing_flagged,
    patrol_eval_sms_fraud_false_alarm: f.sms_fraud_false_alarm,
    patrol_eval_test_messages: test.messages,
  };
  for (const c of CATEGORY_ORDER) {
    figures[`patrol_eval_${c}_precision`] = f.perCategory[c].precision;
    figures[`patrol_eval_${c}_recall`] = f.perCategory[c].recall;
  }
  const unmeasured = Object.keys(figures).filter((k) => Number.isNaN(figures[k]));
  if (unmeasured.length) console.warn(`巡群评测：测试集里没有可计的消息，这些数字不计（results.json 记为 null）：${unmeasured.join('、')}——公开样本放在 shared/patrol-data/ 后才有（bench/data/README.md）`);
  return figures;
}

if (require.main === module) {
  run({ split: process.argv.includes('--dev') ? 'dev' : 'test' }).then((figures) => console.table(figures), (error) => {
    console.error(error);
    process.exit(1);
  });
}
