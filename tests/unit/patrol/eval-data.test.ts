/** The labelled evaluation data (issue 10): loads, every source documented, the split fixed and disjoint. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLIND_WRITERS, loadCorpus, TRAIN_ONLY_WRITERS, SHARED_FILES, splitOf, textHash } from '../../../bench/data/patrol/corpus';
import { evaluate } from '../../../bench/patrol-eval';
import { createScanner, DEFAULT_LEXICON } from '../../../server/patrol/scan';

const corpus = loadCorpus();
/** Public samples read from shared/patrol-data when the steering repo has placed them there. */
const SHARED_FAMILIES = SHARED_FILES.map((file) => file.replace(/\.tsv$/, ''));

describe('patrol evaluation data', () => {
  it('has every label, from several sources, each named in the data README', () => {
    const readme = readFileSync(join(__dirname, '../../../bench/data/README.md'), 'utf8');
    // what this project wrote itself carries the five categories and the quiet kind; the public samples
    // (marketing SMS among them) come from shared/ when the steering repo has placed them there
    for (const label of ['fraud', 'demand', 'dispute', 'hazard', 'violation', 'quiet']) expect(corpus.some((m) => m.label === label)).toBe(true);
    const families = new Set(corpus.map((m) => m.source.split(':')[0]));
    const familyOf: Record<string, string> = { sms: 'tft5', 'sms-dev': 'tft5' };
    expect(families).toEqual(new Set(['own', ...[...BLIND_WRITERS, ...TRAIN_ONLY_WRITERS].map((writer) => `own-${writer}`), ...SHARED_FAMILIES.map((f) => familyOf[f] ?? f).filter((family) => families.has(family))]));
    for (const family of SHARED_FAMILIES.filter((f) => !f.startsWith('sms'))) expect(readme).toContain(`\`${family}:`);
    expect(readme).toContain('`sms-dev.tsv`');
    expect(readme).toContain('Telecom_Fraud_Texts_5');
    expect(readme).toContain('handwritten.tsv');
    expect(readme).toMatch(/GPL-3\.0/);
  });

  it('reads the public samples from the shared folder when they are there, and goes on without them', () => {
    const shared = mkdtempSync(join(tmpdir(), 'patrol-shared-'));
    const committed = loadCorpus(undefined, null);
    expect(loadCorpus(undefined, shared)).toHaveLength(committed.length);
    writeFileSync(join(shared, 'lccc.tsv'), 'label\tsource\ttext\nquiet\tlccc:chat\t今晚一起看球吗\n');
    const withShared = loadCorpus(undefined, shared);
    expect(withShared).toHaveLength(committed.length + 1);
    expect(withShared.at(-1)).toEqual({ label: 'quiet', source: 'lccc:chat', text: '今晚一起看球吗', split: splitOf('今晚一起看球吗') });
    // a training-only file: every row on the dev side, marked, whatever its hash says
    const extras = ['尊敬的用户，本月流量已用完', '妈，我手机坏了，先借我两千', '您的话费余额不足十元', '我是你领导，明天来我办公室'];
    writeFileSync(join(shared, 'sms-dev.tsv'), ['label\tsource\ttext', ...extras.map((t, k) => `${k % 2 ? 'fraud' : 'marketing'}\ttft5:x\t${t}`)].join('\n') + '\n');
    expect(extras.some((t) => splitOf(t) === 'test')).toBe(true);
    const withExtras = loadCorpus(undefined, shared).filter((m) => extras.includes(m.text));
    expect(withExtras.map((m) => [m.split, m.extra])).toEqual(extras.map(() => ['dev', true]));
    writeFileSync(join(shared, 'kdconv.tsv'), 'label\tsource\ttext\nchat\tkdconv:chat\t你看过这部电影吗\n');
    expect(() => loadCorpus(undefined, shared)).toThrow('kdconv.tsv:2: bad row');
  });

  it('splits by a hash of the text: fixed, about half each, no message on both sides', () => {
    expect(textHash('停水三天了')).toBe(textHash('停水三天了'));
    // rows of a training-only file (*-dev.tsv, the shared samples; the writers read while choosing the model) are on
    // the dev side whatever their hash
    for (const m of corpus) expect(m.split).toBe(m.extra || m.trainOnly ? 'dev' : splitOf(m.text));
    expect(corpus.filter((m) => m.trainOnly).length).toBeGreaterThan(TRAIN_ONLY_WRITERS.length * 150);
    const dev = new Set(corpus.filter((m) => m.split === 'dev').map((m) => m.text));
    const test = corpus.filter((m) => m.split === 'test');
    expect(test.some((m) => dev.has(m.text))).toBe(false);
    const split = corpus.filter((m) => !m.extra && !m.trainOnly);
    const splitDev = split.filter((m) => m.split === 'dev').length;
    expect(splitDev / split.length).toBeGreaterThan(0.4);
    expect(splitDev / split.length).toBeLessThan(0.6);
  });

  it('scores what it is given: a scanner that never decides recalls nothing and flags nothing', () => {
    const silent = createScanner(DEFAULT_LEXICON, { thresholds: { fraud: 0.95, hazard: 0.95, dispute: 0.95, violation: 0.95, demand: 0.95 } });
    const figures = evaluate(silent, [{ label: 'quiet', source: 'own:chat', text: '早上好', split: 'test' }]);
    expect(figures.quiet_flagged).toBe(0);
    const fraud = evaluate(createScanner(DEFAULT_LEXICON), [{ label: 'fraud', source: 'x', text: '我是公安局的，你涉嫌洗钱，马上把钱转到安全账户，不要告诉家人', split: 'test' }]);
    expect(fraud.fraud_recall).toBe(1);
    expect(fraud.perCategory.fraud).toMatchObject({ precision: 1, recall: 1 });
  });
});
