import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { back, useParams } from '../../routes';
import { patrol } from '../../services/patrol';
import { errorText, useSubmit } from '../../state/useSubmit';
import { pickPhotos, type VoiceNote } from '../../services/media';
import '../patrol.scss';

/**
 * Write a post (or, with replyTo, a reply): text — typed or said (the field's talk button) —, up to 9 photos;
 * where speech cannot become text, the talk button leaves one voice note of up to 60 s instead.
 */
export default function PostPage() {
  const { villageId, replyTo } = useParams();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<{ fileId: string; preview: string }[]>([]);
  const [voice, setVoice] = useState<VoiceNote | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);
  const [held, setHeld] = useState(false);
  const submit = useSubmit((o, t: string) =>
    patrol.createPost({ villageId, text: t, photos: photos.map((p) => ({ fileId: p.fileId })), voice: voice ? { fileId: voice.fileId, durationS: voice.durationS } : undefined, replyTo: replyTo || undefined }, o),
    { keepOffline: replyTo ? '回复' : '帖子' },
  );

  const send = async () => {
    const out = await submit.run(text);
    if (!out) return;
    if (out.visibility === 'held') setHeld(true);
    else back();
  };

  if (held)
    return (
      <Screen title="已提交，待审核">
        <Banner tone="warn">
          <P strong>这条{replyTo ? '回复' : '帖子'}要等网格员看过才会公开</P>
          <Muted>现在只有您自己看得到，在村里的群里会标着「待审核」。</Muted>
        </Banner>
        <Btn onClick={back}>返回</Btn>
      </Screen>
    );

  return (
    <Screen title={replyTo ? '写回复' : '发帖'}>
      <Card>
        <AreaField label={replyTo ? '回复的内容' : '想说的事'} value={text} onChange={setText} maxLength={500} name="post-text" placeholder="例如：东头组路灯坏了，晚上看不清路" voiceNote={{ note: voice, onNote: setVoice }} />
        <View className="pt-media">
          {photos.map((p) => (
            <Image key={p.fileId} className="pt-photo" src={p.preview} mode="aspectFill" />
          ))}
        </View>
        {mediaError ? <Text className="pt-error-line">{mediaError}</Text> : null}
      </Card>
      <View className="pt-actions">
        {photos.length < 9 ? (
          <Btn onClick={async () => setPhotos([...photos, ...(await pickPhotos(9 - photos.length).catch((e) => (setMediaError(errorText(e)), [])))])}>加照片</Btn>
        ) : null}
        {submit.error ? (
          <Banner tone="warn">
            <P strong>没有发出去</P>
            <Text className="cq-text" data-testid="post-error">
              {errorText(submit.error)}
            </Text>
          </Banner>
        ) : null}
        <Btn type="primary" loading={submit.busy} onClick={send} testId="send-post">
          {replyTo ? '发送回复' : '发布'}
        </Btn>
      </View>
    </Screen>
  );
}
