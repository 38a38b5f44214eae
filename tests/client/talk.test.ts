/** Speak to write, as pure rules: how a take joins a field, and how each engine's errors are read. */
import { TAKE_FAILURE_TEXT, UNAVAILABLE_TEXT, joinTake, webSpeechError, wechatSIError } from '../../client/src/elder/talk';

describe('joinTake', () => {
  test('an empty field takes the words as they were said', () => {
    expect(joinTake('', { text: ' 东头组路灯坏了。 ', cut: false }, 500)).toEqual({ ok: true, value: '东头组路灯坏了。' });
  });

  test('words go after what is there, never over it; a comma where the earlier words did not end a phrase', () => {
    expect(joinTake('路灯坏了', { text: '晚上看不清路', cut: false }, 500)).toEqual({ ok: true, value: '路灯坏了，晚上看不清路' });
    expect(joinTake('路灯坏了。', { text: '晚上看不清路', cut: false }, 500)).toEqual({ ok: true, value: '路灯坏了。晚上看不清路' });
  });

  test('bad takes leave the field unchanged and say why', () => {
    expect(joinTake('原来的字', { text: '', cut: false }, 500)).toEqual({ ok: false, failure: 'nothing_recognised' });
    expect(joinTake('原来的字', { text: '   ', cut: false }, 500)).toEqual({ ok: false, failure: 'nothing_recognised' });
    // a take cut at 60 s is refused even when words came back: they end mid-sentence
    expect(joinTake('原来的字', { text: '说了很久的一段话', cut: true }, 500)).toEqual({ ok: false, failure: 'cut_at_limit' });
    expect(joinTake('12345', { text: '六七八九十', cut: false }, 10)).toEqual({ ok: false, failure: 'too_long' });
    expect(joinTake('1234', { text: '六七八九十', cut: false }, 10)).toEqual({ ok: true, value: '1234，六七八九十' });
  });

  test('every failure and every unavailability has a Chinese message', () => {
    for (const text of [...Object.values(TAKE_FAILURE_TEXT), ...Object.values(UNAVAILABLE_TEXT)]) expect(text).toMatch(/[\u4e00-\u9fa5]/);
    // the field-unchanged promise is spelled out where the take produced nothing
    for (const f of ['silence', 'nothing_recognised', 'cut_at_limit', 'mic_denied', 'too_long'] as const) expect(TAKE_FAILURE_TEXT[f]).toContain('框里的字没有改');
  });
});

describe('engine errors', () => {
  test('WechatSI retcodes: network and service troubles fall back to a voice note; the rest fail this take', () => {
    expect(wechatSIError(-30003)).toEqual({ failure: 'silence' });
    expect(wechatSIError(-30004)).toEqual({ failure: 'nothing_recognised' });
    expect(wechatSIError(-30011)).toEqual({ failure: 'busy' });
    expect(wechatSIError(-30008)).toEqual({ unavailable: 'no_network' });
    expect(wechatSIError(-30010)).toEqual({ unavailable: 'no_network' });
    expect(wechatSIError(-30005)).toEqual({ unavailable: 'service_failed' });
    expect(wechatSIError(-40001)).toEqual({ unavailable: 'service_failed' });
    expect(wechatSIError(-30001)).toEqual({ failure: 'failed' });
  });

  test('Web Speech errors: a denied microphone and silence fail the take; a missing service falls back; our own abort is nothing', () => {
    expect(webSpeechError('not-allowed')).toEqual({ failure: 'mic_denied' });
    expect(webSpeechError('no-speech')).toEqual({ failure: 'silence' });
    expect(webSpeechError('network')).toEqual({ unavailable: 'no_network' });
    expect(webSpeechError('service-not-allowed')).toEqual({ unavailable: 'service_failed' });
    expect(webSpeechError('audio-capture')).toEqual({ unavailable: 'service_failed' });
    expect(webSpeechError('aborted')).toBeNull();
    expect(webSpeechError('bad-grammar')).toEqual({ failure: 'failed' });
  });
});
