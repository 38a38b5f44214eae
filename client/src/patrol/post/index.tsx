import { useState } from 'react';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { back, useParams } from '../../routes';
import { patrol } from '../../services/api';
import { useSubmit } from '../../state/useSubmit';
import type { Uploaded, VoiceNote } from '../../services/media';
import '../patrol.scss';

/**
 * Write a post (or, with replyTo, a reply): text — typed or said (the field's talk button) —, up to 9 photos;
 * where speech cannot become text, the talk button leaves one voice note of up to 60 s instead.
 */
export default function PostPage() {
  const { villageId, replyTo } = useParams();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [voice, setVoice] = useState<VoiceNote | null>(null);
  const [uploading, setUploading] = useState(false);
  const [held, setHeld] = useState(false);
  const submit = useSubmit((o, t: string) =>
    patrol('createPost', { villageId, text: t, photos: photos.map((p) => ({ fileId: p.fileId })), voice: voice ? { fileId: voice.fileId, durationS: voice.durationS } : undefined, replyTo: replyTo || undefined }, o),
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
        <PhotoPicker value={photos} onChange={setPhotos} max={9} onBusy={setUploading} />
      </Card>
      <SubmitBar label={replyTo ? '发送回复' : '发布'} testId="send-post" disabled={uploading} busy={submit.busy} error={submit.error} onSubmit={send} />
    </Screen>
  );
}
