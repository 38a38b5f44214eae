import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { cancelTake, markUnavailable, microphoneConsent, offline, startTake, stopTake, unavailable } from '../elder/listen';
import { TAKE_FAILURE_TEXT, UNAVAILABLE_TEXT, joinTake, type Unavailable } from '../elder/talk';
import { createVoiceRecorder, playVoice, type VoiceNote } from '../services/media';
import { Btn } from './kit';
import { ReadAloud } from './ReadAloud';

/** A page whose command takes a voice note hands the field this: where speech cannot become text, the button records one. */
export interface VoiceNoteSlot {
  note: VoiceNote | null;
  onNote: (note: VoiceNote | null) => void;
}

type Phase = 'idle' | 'starting' | 'listening' | 'recognising' | 'recording' | 'saving';
type Message = { kind: 'error' | 'info' | 'ok'; text: string };

/** Held at least this long, a press is a hold (release ends the take); shorter, a tap (the next tap ends it). */
const HOLD_MS = 600;
/** WeChat and phones fire a tap after touchend: a click this soon after a touch is the same press. */
const TOUCH_THEN_CLICK_MS = 1_000;

/**
 * 按住说话 — the one talk button every free-text field carries (components/Field.tsx). Hold and speak, or
 * tap, speak, tap again (for hands that cannot hold). The words are recognised (WechatSI in WeChat, the
 * Web Speech API in a browser) and land after what the field holds, to be read back and corrected before
 * sending. Where recognition is unavailable (no plugin on this AppID, no API in the browser, no network)
 * the same button records a voice note — if the page's command takes one — and says so; otherwise the
 * field says to type. Every failure leaves the field as it was and says why.
 */
export function TalkButton({ name, value, onChange, maxLength, voiceNote, compact }: { name: string; value: string; onChange: (v: string) => void; maxLength: number; voiceNote?: VoiceNoteSlot; compact?: boolean }) {
  const [phase, setPhaseState] = useState<Phase>('idle');
  const [mode, setMode] = useState<'hold' | 'tap'>('hold');
  const [partial, setPartial] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  const [fallback, setFallback] = useState<Unavailable | null>(() => unavailable());

  // event handlers and engine callbacks outlive a render: they read these
  const phaseRef = useRef<Phase>('idle');
  const pressAt = useRef(0);
  const touchAt = useRef(0);
  const releasedWhileStarting = useRef(false);
  const valueRef = useRef(value);
  valueRef.current = value;
  const slotRef = useRef(voiceNote);
  slotRef.current = voiceNote;
  const alive = useRef(true);
  const recorder = useRef<ReturnType<typeof createVoiceRecorder> | null>(null);

  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    if (alive.current) setPhaseState(p);
  };
  const say = (m: Message | null) => alive.current && setMessage(m);

  useEffect(
    () => () => {
      alive.current = false;
      if (phaseRef.current === 'listening' || phaseRef.current === 'recognising') cancelTake();
      if (phaseRef.current === 'recording') recorder.current?.stop();
    },
    [],
  );

  const noteRecorder = () => {
    if (!recorder.current)
      recorder.current = createVoiceRecorder(
        (note) => {
          setPhase('idle');
          slotRef.current?.onNote(note);
          say({ kind: 'info', text: `已录好语音 ${note.durationS} 秒，会和文字一起发出去。` });
        },
        (text) => {
          setPhase('idle');
          say({ kind: 'error', text });
        },
      );
    return recorder.current;
  };

  const startNote = () => {
    const r = noteRecorder();
    if (!r.supported) {
      setPhase('idle');
      say({ kind: 'error', text: '这台设备不能录音，请打字。' });
      return;
    }
    setPhase('recording');
    void r.start();
  };

  const startRecognition = () => {
    setPhase('listening');
    startTake({
      onPartial: (text) => alive.current && setPartial(text),
      onEnd: (take) => {
        setPhase('idle');
        const out = joinTake(valueRef.current, take, maxLength);
        if (out.ok) {
          onChange(out.value);
          say({ kind: 'ok', text: '已把您说的话放进框里。请听一听、看一看，有错可以改，改好再发送。' });
        } else say({ kind: 'error', text: TAKE_FAILURE_TEXT[out.failure] });
      },
      onFail: (failure) => {
        setPhase('idle');
        say({ kind: 'error', text: TAKE_FAILURE_TEXT[failure] });
      },
      onUnavailable: (reason) => {
        markUnavailable(reason);
        if (alive.current) setFallback(reason);
        const stillSpeaking = phaseRef.current === 'listening';
        if (slotRef.current && stillSpeaking) {
          // the person is still speaking: keep the take as a voice note rather than lose it
          say({ kind: 'info', text: `${UNAVAILABLE_TEXT[reason]}，改为录语音，请接着说。` });
          startNote();
          return;
        }
        setPhase('idle');
        say({ kind: 'error', text: `${UNAVAILABLE_TEXT[reason]}，框里的字没有改。${slotRef.current ? '再按一次会录成语音。' : '这一栏请打字。'}` });
      },
    });
  };

  const begin = async () => {
    say(null);
    setPartial('');
    releasedWhileStarting.current = false;
    setPhase('starting');
    const why = unavailable() ?? ((await offline()) ? 'no_network' : null);
    if (alive.current) setFallback(why);
    if (why && !slotRef.current) {
      setPhase('idle');
      say({ kind: 'error', text: `${UNAVAILABLE_TEXT[why]}，这一栏请打字。` });
      return;
    }
    const consent = await microphoneConsent();
    if (consent !== 'granted') {
      setPhase('idle');
      say(consent === 'denied' ? { kind: 'error', text: TAKE_FAILURE_TEXT.mic_denied } : { kind: 'info', text: '已允许使用麦克风。请再按住按钮说话。' });
      return;
    }
    if (why) startNote();
    else startRecognition();
    // a hold that ended before listening began: end the take at once
    if (releasedWhileStarting.current) end();
  };

  const end = () => {
    if (phaseRef.current === 'listening') {
      setPhase('recognising');
      stopTake();
    } else if (phaseRef.current === 'recording') {
      setPhase('saving');
      recorder.current?.stop();
    }
  };

  const press = () => {
    const p = phaseRef.current;
    if (p === 'listening' || p === 'recording') return end(); // the second tap of a tap-mode take
    if (p !== 'idle') return; // busy: starting, recognising, saving
    pressAt.current = Date.now();
    setMode('hold');
    void begin();
  };

  const release = () => {
    const p = phaseRef.current;
    if (p !== 'starting' && p !== 'listening' && p !== 'recording') return;
    if (Date.now() - pressAt.current < HOLD_MS) {
      setMode('tap'); // a short tap: the take goes on until the next tap
      return;
    }
    if (p === 'starting') releasedWhileStarting.current = true;
    else end();
  };

  const onTouchStart = () => {
    touchAt.current = Date.now();
    press();
  };
  const onTouchEnd = () => {
    touchAt.current = Date.now();
    release();
  };
  // a mouse, or a screen reader's activation: taps only
  const onClick = () => {
    if (Date.now() - touchAt.current < TOUCH_THEN_CLICK_MS) return;
    const wasIdle = phaseRef.current === 'idle';
    press();
    if (wasIdle) setMode('tap');
  };

  const noteMode = !!fallback;
  if (noteMode && !voiceNote)
    return (
      <Text className="cq-field-hint" data-testid={`talk-off-${name}`}>
        {`${UNAVAILABLE_TEXT[fallback!]}，这一栏请打字。`}
      </Text>
    );

  const end_ = mode === 'hold' ? '说完松开' : '说完点这里';
  const label: Record<Phase, string> = {
    idle: noteMode ? (voiceNote?.note ? '重新录一段语音' : compact ? '按住录语音' : '按住录语音（点一下也行）') : compact ? '按住说话' : '按住说话（点一下也行）',
    starting: '请稍候…',
    listening: `正在听，${end_}`,
    recognising: '正在变成文字…',
    recording: `正在录音，${end_}`,
    saving: '正在保存语音…',
  };
  const active = phase === 'listening' || phase === 'recording';
  return (
    <View className={`cq-talk${compact ? ' cq-talk-compact' : ''}`}>
      <View
        className={`cq-btn cq-talk-btn${active ? ' cq-talk-on' : ''}${phase === 'recognising' || phase === 'saving' || phase === 'starting' ? ' cq-btn-disabled' : ''}`}
        onTouchStart={onTouchStart}
        onTouchEnd={onTouchEnd}
        onTouchCancel={onTouchEnd}
        onClick={onClick}
        ariaRole="button"
        ariaLabel={label[phase]}
        data-testid={`talk-${name}`}
        data-phase={phase}
      >
        <Text>{label[phase]}</Text>
      </View>
      {phase === 'listening' && partial ? <Text className="cq-talk-heard">{`听到：${partial}`}</Text> : null}
      {noteMode ? (
        <Text className="cq-field-hint" data-testid={`talk-note-mode-${name}`}>
          {`${UNAVAILABLE_TEXT[fallback!]}：按这个按钮录的是语音，会和文字一起发出去。`}
        </Text>
      ) : null}
      {message ? (
        <Text className={message.kind === 'error' ? 'cq-error-text' : 'cq-field-hint'} data-testid={`talk-${message.kind}-${name}`}>
          {message.text}
        </Text>
      ) : null}
      {message?.kind === 'ok' && value.trim() ? <ReadAloud text={value} /> : null}
      {voiceNote?.note ? (
        <View className="cq-talk-note">
          <Text className="cq-field-hint">{`已录语音 ${voiceNote.note.durationS} 秒`}</Text>
          <View className="cq-btn-row">
            <Btn onClick={() => playVoice(voiceNote.note!.preview)}>听一听我的语音</Btn>
            <Btn onClick={() => voiceNote.onNote(null)}>删掉语音</Btn>
          </View>
        </View>
      ) : null}
    </View>
  );
}
