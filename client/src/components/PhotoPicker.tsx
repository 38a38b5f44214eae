import { Image, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { pickPhotos, type Uploaded } from '../services/media';
import { errorText } from '../state/useSubmit';
import { Btn } from './kit';

/**
 * The photos a form attaches: thumbnails (each with 删掉), and one button that takes or chooses more —
 * compressed and uploaded to my prefix by services/media before they show — until `max`. The page keeps
 * the list (`value`/`onChange`) and, through `onBusy`, holds its send button while an upload runs. Sizes
 * follow --cq-scale, so it works in 长辈模式 as is.
 */
export function PhotoPicker({
  value,
  onChange,
  max,
  addLabel = '加照片',
  moreLabel = addLabel,
  onBusy,
}: {
  value: Uploaded[];
  onChange: (photos: Uploaded[]) => void;
  max: number;
  /** the button before any photo is there */
  addLabel?: string;
  /** the button once there is one */
  moreLabel?: string;
  onBusy?: (busy: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the list as it is when an upload ends (a photo may have been removed meanwhile)
  const latest = useRef(value);
  latest.current = value;

  const busyNow = (b: boolean) => {
    setBusy(b);
    onBusy?.(b);
  };

  async function add() {
    setError(null);
    busyNow(true);
    try {
      const more = await pickPhotos(max - latest.current.length); // [] when the person cancels
      if (more.length) onChange([...latest.current, ...more].slice(0, max));
    } catch (e) {
      setError(errorText(e));
    } finally {
      busyNow(false);
    }
  }

  return (
    <View>
      {value.length ? (
        <View className="cq-photos">
          {value.map((p) => (
            <View key={p.fileId} className="cq-photo-cell">
              <Image className="cq-photo" src={p.preview} mode="aspectFill" />
              <View className="cq-photo-remove" onClick={() => onChange(latest.current.filter((q) => q.fileId !== p.fileId))} ariaRole="button" data-testid="photo-remove">
                <Text>删掉</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      {value.length < max ? (
        <Btn loading={busy} onClick={add} testId="photo-add">
          {value.length ? moreLabel : addLabel}
        </Btn>
      ) : null}
      {error ? <Text className="cq-error-text">{error}</Text> : null}
    </View>
  );
}
