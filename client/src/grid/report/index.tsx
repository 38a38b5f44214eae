import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Choices, Muted, P, SectionTitle } from '../../components/kit';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { useElder } from '../../elder/store';
import { routes, useParams } from '../../routes';
import type { ResidentView } from '../../../../server/account/contract';
import { account, grid, type Input } from '../../services/api';
import type { CategoryView, ConsentKind, ReportSetupOutput } from '../../../../server/grid/contract';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { askConsent, pickPlace, type PickedPlace, type Uploaded, type VoiceNote } from '../../services/media';
import { suggestCategory } from '../../../../server/grid/catalogue';
import '../grid.scss';

const TEXT_MAX = 500;
const PHOTOS_MAX = 6;
const isWeapp = process.env.TARO_ENV === 'weapp';

/**
 * 上报: say what is wrong (the talk button turns it into words; where it cannot, it leaves a voice note), pick
 * what kind of problem, optionally a photo and a place.
 */
export default function ReportPage() {
  const { villageId } = useParams();
  const setup = useQuery(() => grid('reportSetup', { villageId }), [villageId]);
  return (
    <Screen title="我要上报" read="我要上报。先按住说话按钮，说一说是什么问题，或者打字。再点一下问题类别，最后点提交。">
      <Async query={setup}>{(s) => <ReportForm setup={s} />}</Async>
    </Screen>
  );
}

function ReportForm({ setup }: { setup: ReportSetupOutput }) {
  const elder = useElder();
  const [text, setText] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [voice, setVoice] = useState<VoiceNote | null>(null);
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [place, setPlace] = useState<PickedPlace | null>(null);
  const [placeText, setPlaceText] = useState('');
  const [uploading, setUploading] = useState(false);
  const [placeError, setPlaceError] = useState<string | null>(null);
  const [forResident, setForResident] = useState<ResidentView | null>(null);
  const [consent, setConsent] = useState<ConsentKind | null>(null);
  const suggested = useMemo(() => suggestCategory(text, setup.categories), [text, setup.categories]);
  const chosen = categoryId ?? null;

  const submit = useSubmit((opts, payload: Input<'grid', 'submitReport'>) => grid('submitReport', payload, opts), { keepOffline: '上报' });

  async function send() {
    if (!chosen) return;
    // consent is asked at this tap (WeChat's rule); the browser build asks nothing
    const accepted = await askConsent([setup.templates.ticketUpdate]);
    const out = await submit.run({
      villageId: setup.villageId,
      categoryId: chosen,
      text: text.trim(),
      voice: voice ? { fileId: voice.fileId, durationS: voice.durationS, bytes: voice.bytes } : undefined,
      photos: photos.map((p) => ({ fileId: p.fileId, bytes: p.bytes })),
      place: place ?? (placeText.trim() ? { kind: 'text', text: placeText.trim() } : undefined),
      onBehalfOf: forResident && consent ? { residentId: forResident.residentId, consent } : undefined,
      subscribe: accepted.length ? { templateIds: accepted } : undefined,
    });
    if (out) {
      Taro.showToast({ title: '已上报', icon: 'success' });
      Taro.redirectTo({ url: `${routes.ticket}?villageId=${setup.villageId}&ticketId=${encodeURIComponent(out.ticketId)}` });
    }
  }

  const ready = !!chosen && (text.trim().length > 0 || !!voice) && (!forResident || !!consent) && !uploading;
  const categoriesShown = setup.categories;

  return (
    <View>
      <SectionTitle>1. 说一说是什么问题</SectionTitle>
      <Card>
        <AreaField
          name="text"
          label={voice ? '可以再说几句或打几个字（可不填）' : '按住下面的按钮说，或者打字'}
          value={text}
          onChange={setText}
          maxLength={TEXT_MAX}
          placeholder="例如：东头组水管爆了，一直在冒水"
          voiceNote={{ note: voice, onNote: setVoice }}
        />
      </Card>

      <SectionTitle>2. 是哪一类问题</SectionTitle>
      <Card>
        {suggested && !chosen ? (
          <Banner>
            <P>{`看起来是"${setup.categories.find((c) => c.categoryId === suggested)?.name}"，点一下就选好了`}</P>
          </Banner>
        ) : null}
        <View className="cq-cat-grid">
          {categoriesShown.map((c) => (
            <View
              key={c.categoryId}
              className={`cq-cat${chosen === c.categoryId ? ' cq-cat-on' : suggested === c.categoryId ? ' cq-cat-suggested' : ''}`}
              onClick={() => setCategoryId(c.categoryId)}
              ariaRole="radio"
              data-testid={`category-${c.categoryId}`}
            >
              <Text>{chosen === c.categoryId ? `✓ ${c.name}` : c.name}</Text>
            </View>
          ))}
        </View>
        {chosen ? <Muted>{hint(setup.categories.find((c) => c.categoryId === chosen)!)}</Muted> : null}
      </Card>

      <SectionTitle>3. 拍张照片（可不拍）</SectionTitle>
      <Card>
        <PhotoPicker value={photos} onChange={setPhotos} max={PHOTOS_MAX} addLabel="拍照或选照片" moreLabel="再拍一张" onBusy={setUploading} />
      </Card>

      {!elder.elder || place || placeText ? (
        <View>
          <SectionTitle>4. 在哪里（不填就按您家所在的网格）</SectionTitle>
          <Card>
            {place ? <P>{`已选：${place.name || place.address || `${place.latitude.toFixed(4)}, ${place.longitude.toFixed(4)}`}`}</P> : null}
            <Btn
              onClick={async () => {
                setPlaceError(null);
                const p = await pickPlace();
                if (p) setPlace(p);
                else if (!isWeapp) setPlaceError('没有拿到位置，可以在下面写明地点');
              }}
            >
              {isWeapp ? '在地图上选位置' : '用我现在的位置'}
            </Btn>
            {place ? <Btn onClick={() => setPlace(null)}>不用这个位置</Btn> : null}
            <TextField name="placeText" label="或者写明地点" value={placeText} onChange={setPlaceText} maxLength={80} placeholder="例如：东头组村口垃圾房" talk />
          </Card>
        </View>
      ) : null}

      {setup.canReportForOthers && !elder.elder ? <OnBehalf villageId={setup.villageId} resident={forResident} onResident={setForResident} consent={consent} onConsent={setConsent} /> : null}

      {placeError ? <Text className="cq-error-text">{placeError}</Text> : null}
      <SubmitBar
        label="提交上报"
        testId="submit-report"
        onSubmit={send}
        busy={submit.busy}
        disabled={!ready}
        error={submit.error}
        gap
        why={!chosen ? '请先点选问题类别。' : !(text.trim() || voice) ? '请按住按钮说一说，或者打几个字。' : forResident && !consent ? '请选择居民是怎么同意代报的。' : '请稍候…'}
      />
    </View>
  );
}

function hint(c: CategoryView): string {
  const who = c.route === 'committee' ? '村委' : '网格员';
  return `由${who}处理：${c.acceptWithinHours}小时内受理，${c.resolveWithinDays}天内办结。`;
}

/** 代报: a grid worker files for a resident of their grids — with the resident's consent, recorded. */
function OnBehalf({
  villageId,
  resident,
  onResident,
  consent,
  onConsent,
}: {
  villageId: string;
  resident: ResidentView | null;
  onResident: (r: ResidentView | null) => void;
  consent: ConsentKind | null;
  onConsent: (c: ConsentKind) => void;
}) {
  const [open, setOpen] = useState(false);
  const residents = useQuery(() => (open ? account('listResidents', { villageId, pageSize: 100 }) : Promise.resolve(null)), [open, villageId]);
  return (
    <View>
      <SectionTitle>替居民上报（代报）</SectionTitle>
      <Card>
        {resident ? (
          <View>
            <P strong>{`为 ${resident.name} 上报${resident.offline ? '（线下居民）' : ''}`}</P>
            <Muted>居民是怎么同意的？</Muted>
            <Choices
              options={[
                { value: 'in_person' as ConsentKind, label: '当面同意' },
                { value: 'phone' as ConsentKind, label: '电话里同意' },
                { value: 'family' as ConsentKind, label: '家属代为同意' },
              ]}
              value={consent}
              onChange={onConsent}
            />
            <Btn onClick={() => onResident(null)}>改为我自己上报</Btn>
          </View>
        ) : open ? (
          <Async query={residents}>
            {(page) =>
              page && page.items.length ? (
                <Choices
                  options={page.items.filter((r) => r.offline || r.elderly).map((r) => ({ value: r.residentId, label: r.name, hint: r.offline ? '线下居民' : '长辈' }))}
                  value={null}
                  onChange={(id) => onResident(page.items.find((r) => r.residentId === id) ?? null)}
                />
              ) : (
                <Muted>您的网格里还没有可代报的居民。</Muted>
              )
            }
          </Async>
        ) : (
          <Btn onClick={() => setOpen(true)}>替不用微信的居民上报</Btn>
        )}
      </Card>
    </View>
  );
}
