import { View } from '@tarojs/components';
import { useMemo } from 'react';
import { encode } from 'uqr';

/**
 * The pickup code as a QR (the shop keeper may scan it instead of typing): encoded here with uqr (a few
 * KB, no dependencies) and drawn as plain views, so it needs no canvas in either build.
 */
export function Qr({ text }: { text: string }) {
  const rows = useMemo(() => encode(text, { ecc: 'M', border: 2 }).data, [text]);
  return (
    <View className="cq-qr" ariaLabel={`提货码二维码 ${text}`}>
      {rows.map((row, y) => (
        <View key={y} className="cq-qr-row">
          {row.map((on, x) => (
            <View key={x} className={`cq-qr-cell${on ? ' cq-qr-on' : ''}`} />
          ))}
        </View>
      ))}
    </View>
  );
}
