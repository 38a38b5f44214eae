import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Card, Choices, Muted, SectionTitle } from '../../components/kit';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { Loading } from '../../components/states';
import { SubmitBar } from '../../components/SubmitBar';
import { useParams } from '../../routes';
import { notices } from '../../services/api';
import type { Uploaded } from '../../services/media';
import { fileUrl } from '../../services/upload';
import { useSubmit } from '../../state/useSubmit';
import { NOTICE_CATEGORIES, NOTICE_LIMITS, type NoticeCategory } from '../../../../server/notices/contract';
import { day } from '../ui';
import Taro from '@tarojs/taro';

const DAY_MS = 24 * 3600_000;
type Pin = '0' | '3' | '7' | '15' | '30';
const PIN_DAYS: Pin[] = ['0', '3', '7', '15', '30'];

/** The end of the day `days` from today (on this phone's calendar): a notice stays pinned through that day. */
function pinEnd(days: number, now = Date.now()): number {
  const d = new Date(now + days * DAY_MS);
  d.setHours(23, 59, 59, 0);
  return d.getTime();
}

/**
 * The committee's form: 党务/村务/财务, title, text, photos (documents photographed as images), how long it
 * stays pinned. With `noticeId` it edits that notice (its photos kept).
 */
export default function PublishNoticePage() {
  const { villageId, noticeId } = useParams();
  const [category, setCategory] = useState<NoticeCategory | null>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [pin, setPin] = useState<Pin>('0');
  const [keptPin, setKeptPin] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  const [loaded, setLoaded] = useState(!noticeId);

  useEffect(() => {
    if (!noticeId) return;
    void notices('openNotice', { villageId, noticeId }).then((n) => {
      setCategory(n.category);
      setTitle(n.title);
      setText(n.text);
      setPhotos(n.photos.map((fileId) => ({ fileId, bytes: 0, preview: fileUrl(fileId) })));
      setKeptPin(n.pinnedUntil);
      setLoaded(true);
    });
  }, [villageId, noticeId]);

  const pinnedUntil = pin !== '0' ? pinEnd(Number(pin)) : keptPin;
  const submit = useSubmit((opts) => {
    const fields = { villageId, category: category!, title: title.trim(), text: text.trim(), photos: photos.map((p) => ({ fileId: p.fileId, bytes: p.bytes })), pinnedUntil };
    return noticeId ? notices('editNotice', { ...fields, noticeId }, opts) : notices('publishNotice', fields, opts);
  });
  if (!loaded) return <Screen title={noticeId ? '修改通知' : '发布通知'}><Loading /></Screen>;

  const ready = !!category && !!title.trim() && !!text.trim() && !uploading;
  return (
    <Screen title={noticeId ? '修改通知' : '发布通知'} read="发布通知。先选党务、村务还是财务公开，再写标题和正文，可以拍照作为附件，最后选要不要置顶。">
      <SectionTitle>哪一类公开</SectionTitle>
      <Choices<NoticeCategory> options={(Object.keys(NOTICE_CATEGORIES) as NoticeCategory[]).map((c) => ({ value: c, label: `${NOTICE_CATEGORIES[c]}公开` }))} value={category} onChange={setCategory} />
      <Card>
        <TextField name="title" label="标题" value={title} onChange={setTitle} maxLength={NOTICE_LIMITS.titleMax} placeholder="例如：2025年第一季度财务收支公示" talk />
        <AreaField name="notice-text" label="正文" value={text} onChange={setText} maxLength={NOTICE_LIMITS.textMax} placeholder="写清楚什么事、什么时间、找谁" />
        <Muted>{`公示表、账目、照片可以拍下来作为附件，最多${NOTICE_LIMITS.photosMax}张`}</Muted>
        <PhotoPicker value={photos} onChange={setPhotos} max={NOTICE_LIMITS.photosMax} addLabel="拍照或选图片" moreLabel="再加一张" onBusy={setUploading} />
      </Card>
      <SectionTitle>置顶</SectionTitle>
      <Choices<Pin>
        options={PIN_DAYS.map((d) =>
          d === '0'
            ? { value: d, label: keptPin ? `保持现在（置顶到${day(keptPin)}）` : '不置顶' }
            : { value: d, label: `置顶${d}天`, hint: `到${day(pinEnd(Number(d)))}为止，之后排回按时间的列表` },
        )}
        value={pin}
        onChange={setPin}
      />
      <View className="cq-gap" />
      <SubmitBar
        label={noticeId ? '保存修改' : '发布'}
        disabled={!ready}
        why={uploading ? '照片还在上传' : '请选好类别，写好标题和正文'}
        busy={submit.busy}
        error={submit.error}
        testId="notice-submit"
        onSubmit={async () => {
          const done = await submit.run();
          if (done) Taro.redirectTo({ url: `/notices/notice/index?villageId=${encodeURIComponent(villageId)}&noticeId=${encodeURIComponent(done.noticeId)}` });
        }}
      />
    </Screen>
  );
}
