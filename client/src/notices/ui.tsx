import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Tag } from '../components/kit';
import { fileUrl } from '../services/upload';
import { NOTICE_CATEGORIES, type NoticeCategory } from '../../../server/notices/contract';

/** Every page of the 村务公开 subpackage, by name. */
export const noticeRoutes = {
  list: '/notices/list/index',
  notice: '/notices/notice/index',
  publish: '/notices/publish/index',
  households: '/notices/households/index',
} as const;

export const CATEGORY_TONE: Record<NoticeCategory, 'primary' | 'warn' | 'danger'> = { party: 'danger', village: 'primary', finance: 'warn' };

export function CategoryTag({ category }: { category: NoticeCategory }) {
  return <Tag tone={CATEGORY_TONE[category]}>{`${NOTICE_CATEGORIES[category]}公开`}</Tag>;
}

export function when(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function day(at: number): string {
  const d = new Date(at);
  return `${d.getMonth() + 1}月${d.getDate()}日`;
}

/** The notice's photos (documents photographed as images): a tap opens them full size. */
export function NoticePhotos({ ids }: { ids: string[] }) {
  if (!ids.length) return null;
  const urls = ids.map(fileUrl);
  return (
    <View className="cq-photos">
      {urls.map((url) => (
        <Image key={url} className="cq-photo" src={url} mode="aspectFill" onClick={() => void Taro.previewImage({ urls, current: url }).catch(() => undefined)} />
      ))}
    </View>
  );
}

export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="cq-row" data-testid={testId}>
      <View className="cq-row-main">
        <Text className="cq-row-label">{label}</Text>
      </View>
      <Text className="cq-row-value">{value}</Text>
    </View>
  );
}
