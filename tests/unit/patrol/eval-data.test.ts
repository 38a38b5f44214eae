/** The labelled evaluation data (issue 10): loads, every source documented, the split fixed and disjoint. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, splitOf, textHash } from '../../../bench/data/patrol/corpus';
import { evaluate } from '../../../bench/patrol-eval';
import { createScanner, DEFAULT_LEXICON } from '../../../server/patrol/scan';

const corpus = loadCorpus();

describe('patrol evaluation data', () => {
  it('has every label, from several sources, each named in the data README', () => {
    const readme = readFileSync(join(__dirname, '../../../bench/data/README.md'), 'utf8');
    for (const label of ['fraud', 'demand', 'dispute', 'hazard', 'violation', 'quiet', 'marketing']) expect(corpus.some((m) => m.label === label)).toBe(true);
    const families = new Set(corpus.map((m) => m.source.split(':')[0]));
    expect(families).toEqual(new Set(['tft5', 'own']));
    expect(readme).toContain('Telecom_Fraud_Texts_5');
    expect(readme).toContain('handwritten.tsv');
    expect(readme).toMatch(/GPL-3\.0/);
  });

  it('splits by a hash of the text: fixed, about half each, no message on both sides', () => {
    expect(textHash('停水三天了')).toBe(textHash('停水三天了'));
    for (const m of corpus) expect(m.split).toBe(splitOf(m.text));
    const dev = new Set(corpus.filter((m) => m.split === 'dev').map((m) => m.text));
    const test = corpus.filter((m) => m.split === 'test');
    expect(test.some((m) => dev.has(m.text))).toBe(false);
    expect(dev.size / corpus.length).toBeGreaterThan(0.4);
    expect(dev.size / corpus.length).toBeLessThan(0.6);
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
