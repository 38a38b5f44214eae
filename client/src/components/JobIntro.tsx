import { Text, View } from '@tarojs/components';
import { Card, Muted, P } from './kit';

/** What a job will hold, in plain words: shown on each tab page until the job's own issue fills it. */
export function JobIntro({ title, lines }: { title: string; lines: string[] }) {
  return (
    <Card>
      <View className="cq-head">
        <Text className="cq-h2">{title}</Text>
      </View>
      {lines.map((l) => (
        <Text key={l} className="cq-li">
          {l}
        </Text>
      ))}
    </Card>
  );
}

export function ComingSoon({ what }: { what: string }) {
  return (
    <Card>
      <P strong>{what}还没有开通</P>
      <Muted>开通后会显示在这里。现在这里是空的，不是出错了。</Muted>
    </Card>
  );
}
