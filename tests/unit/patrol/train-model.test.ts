/** The 巡群 model's training (scripts/train-patrol-model.ts): what it may learn from a few examples, and what it ships. */
import { loadCorpus } from '../../../bench/data/patrol/corpus';
import { trainModel, writerHoldOut } from '../../../scripts/train-patrol-model';
import { CUE_KINDS } from '../../../server/patrol/scan/cues';
import { BRAND_FEATURE, KIND_OFFSET, NGRAM_OFFSET, PRIOR, isUsableModel } from '../../../server/patrol/scan/model';
import { CATEGORY_ORDER } from '../../../server/patrol/scan/lexicon';
import { DEFAULT_LEXICON } from '../../../server/patrol/scan/default-lexicon';
import { createScanner } from '../../../server/patrol/scan/scanner';

// a third of the dev split keeps the test quick; every label is still there
const dev = loadCorpus(undefined, null).filter((m, k) => m.split === 'dev' && (m.label !== 'marketing' || k % 3 === 0));
const model = trainModel({ messages: dev });

describe('patrol model training', () => {
  it('ships a model the scanner accepts, trained on what it was given', () => {
    expect(isUsableModel(model)).toBe(true);
    expect(model.trainedOn.messages).toBe(dev.length);
    for (const c of CATEGORY_ORDER) {
      expect(model.thresholds[c]).toBeGreaterThanOrEqual(0.05);
      expect(model.thresholds[c]).toBeLessThanOrEqual(0.95);
    }
    // 安全隐患 and 诉求 share a threshold; 矛盾纠纷, 违规 (OWN_THRESHOLD) and 诈骗 are tuned apart
    expect(model.thresholds.hazard).toBe(model.thresholds.demand);
  });

  it('learns no new evidence for a complaint category from hand-written examples: a cue the prior leaves at 0 only counts against', () => {
    for (const c of ['hazard', 'dispute', 'violation', 'demand'] as const) {
      CUE_KINDS.forEach((kind, k) => {
        if ((PRIOR[c].kinds[kind] ?? 0) === 0) expect(model.weights[c][KIND_OFFSET + k]).toBeLessThanOrEqual(0);
      });
    }
  });

  it('trains 需处理 (a complaint of any kind) from 诉求\'s prior, under the same rule: what the prior leaves at 0 only counts against', () => {
    expect(model.complaint.weights).toHaveLength(model.weights.demand.length);
    CUE_KINDS.forEach((kind, k) => {
      if ((PRIOR.demand.kinds[kind] ?? 0) === 0) expect(model.complaint.weights[KIND_OFFSET + k]).toBeLessThanOrEqual(0);
    });
    // it reads any complaint: messages of all four kinds score higher on it, on average, than quiet ones
    const scanner = createScanner(DEFAULT_LEXICON, { model });
    const joint = (text: string): number => {
      const row = scanner.features(text);
      return row.index.reduce((z, f, j) => z + model.complaint.weights[f] * row.value[j], model.complaint.bias);
    };
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const quiet = mean(dev.filter((m) => m.label === 'quiet').map((m) => joint(m.text)));
    for (const c of ['hazard', 'dispute', 'violation', 'demand'] as const) expect(mean(dev.filter((m) => m.label === c).map((m) => joint(m.text)))).toBeGreaterThan(quiet + 1);
  });

  it('learns 诈骗 alone from training-only SMS (*-dev.tsv): the complaint categories weigh what they did without them', () => {
    const sms = dev.filter((m) => m.label === 'fraud' || m.label === 'marketing').slice(0, 40);
    const extras = sms.map((m) => ({ ...m, text: `${m.text}（转发）`, extra: true as const }));
    const withExtras = trainModel({ messages: [...dev, ...extras] });
    for (const c of ['hazard', 'dispute', 'violation', 'demand'] as const) {
      expect(withExtras.bias[c]).toBe(model.bias[c]);
      expect(withExtras.weights[c].slice(0, NGRAM_OFFSET)).toEqual(model.weights[c].slice(0, NGRAM_OFFSET));
    }
    expect(withExtras.complaint.weights.slice(0, NGRAM_OFFSET)).toEqual(model.complaint.weights.slice(0, NGRAM_OFFSET));
    expect(withExtras.weights.fraud.slice(0, NGRAM_OFFSET)).not.toEqual(model.weights.fraud.slice(0, NGRAM_OFFSET));
  });

  it('lets a 【sender】 tag count against 诈骗 no more than the prior says (the public fraud set has none)', () => {
    expect(model.weights.fraud[BRAND_FEATURE]).toBeGreaterThanOrEqual(PRIOR.fraud.brand);
  });

  it('holds each blind writer out in turn and scores only that writer\'s messages', () => {
    // two writers' worth of the committed dev split, relabelled as writers x and y: one row per writer, each figure
    // from that writer's messages alone
    const own = dev.filter((m) => m.source.startsWith('own:'));
    const asWriter = own.map((m, k) => ({ ...m, source: m.source.replace(/^own:/, k % 2 ? 'own-x:' : 'own-y:') }));
    const rows = writerHoldOut([...dev.filter((m) => !m.source.startsWith('own')), ...asWriter]);
    expect(rows.map((r) => r.writer)).toEqual(['own-x', 'own-y']);
    expect(rows.map((r) => r.messages)).toEqual([asWriter.filter((m) => m.source.startsWith('own-x:')).length, asWriter.filter((m) => m.source.startsWith('own-y:')).length]);
    for (const row of rows) {
      expect(row.complaints_surfaced).toBeGreaterThanOrEqual(0);
      expect(row.complaints_surfaced).toBeLessThanOrEqual(1);
      expect(row.quiet_flagged).toBeGreaterThanOrEqual(0);
    }
  });
});
