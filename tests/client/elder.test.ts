/** 长辈模式 rules and read-aloud chunking, as pure functions. */
import { ELDER_MIN_SCALE, resolveElder } from '../../client/src/elder/scale';
import { TTS_CHUNK_CHARS, chunkText } from '../../client/src/elder/chunk';

describe('resolveElder', () => {
  test('standard WeChat font, no choice made: normal mode at 1×', () => {
    expect(resolveElder({ wechatScale: 1, manual: null })).toMatchObject({ elder: false, scale: 1, source: 'wechat' });
  });

  test('the type scale follows WeChat even outside elder mode', () => {
    expect(resolveElder({ wechatScale: 1.12, manual: null })).toMatchObject({ elder: false, scale: 1.12 });
  });

  test('WeChat 关怀模式-sized font (≈1.4×) turns elder mode on by itself', () => {
    expect(resolveElder({ wechatScale: 23.8 / 17, manual: null })).toMatchObject({ elder: true, scale: 1.4, source: 'wechat' });
  });

  test('the manual switch wins and lifts the scale to at least 1.3×', () => {
    expect(resolveElder({ wechatScale: 1, manual: true })).toMatchObject({ elder: true, scale: ELDER_MIN_SCALE, source: 'manual' });
    expect(resolveElder({ wechatScale: 1.5, manual: true }).scale).toBe(1.5);
    expect(resolveElder({ wechatScale: 1.5, manual: false })).toMatchObject({ elder: false, scale: 1.5 });
  });

  test('nonsense from the platform falls back to 1×', () => {
    expect(resolveElder({ wechatScale: NaN, manual: null }).scale).toBe(1);
    expect(resolveElder({ wechatScale: 0, manual: null }).scale).toBe(1);
    expect(resolveElder({ wechatScale: 9, manual: null }).scale).toBe(2);
  });
});

describe('chunkText (WechatSI fails past ~420 characters)', () => {
  test('short text is one chunk', () => {
    expect(chunkText('  村委通知：明天上午开会。 ')).toEqual(['村委通知：明天上午开会。']);
    expect(chunkText('   ')).toEqual([]);
  });

  test('long text is cut at sentence ends, every chunk within the limit, nothing lost', () => {
    const sentence = '请各位村民注意防范电信诈骗，不要轻信陌生来电。';
    const text = sentence.repeat(60);
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(TTS_CHUNK_CHARS);
      expect(c.endsWith('。')).toBe(true);
    }
    expect(chunks.join('')).toBe(text);
  });

  test('text without any punctuation is still cut hard at the limit', () => {
    const text = '好'.repeat(1000);
    const chunks = chunkText(text);
    expect(chunks.map((c) => c.length)).toEqual([400, 400, 200]);
  });
});
