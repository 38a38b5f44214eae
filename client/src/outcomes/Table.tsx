import { Text, View } from '@tarojs/components';
import { Row } from '../components/kit';
import { useElder } from '../elder/store';

/**
 * A small table. In 长辈模式 each line becomes a big row (the first cell as its label, the rest as
 * "列名 值" below it): wide tables do not fit enlarged type.
 */
export function Table({ head, rows, onRow, testId }: { head: string[]; rows: { key: string; cells: (string | number)[] }[]; onRow?: (key: string) => void; testId?: string }) {
  const elder = useElder();
  if (elder.elder) {
    return (
      <View data-testid={testId}>
        {rows.map((r) => (
          <Row key={r.key} label={String(r.cells[0])} hint={r.cells.slice(1).map((c, i) => `${head[i + 1]} ${c}`).join('，')} onClick={onRow ? () => onRow(r.key) : undefined} testId={testId ? `${testId}-${r.key}` : undefined} />
        ))}
      </View>
    );
  }
  return (
    <View className="cq-table" data-testid={testId}>
      <View className="cq-table-row cq-table-head">
        {head.map((h, i) => (
          <Text key={h} className={`cq-table-cell${i === 0 ? ' cq-table-cell-first' : ''}`}>
            {h}
          </Text>
        ))}
      </View>
      {rows.map((r) => (
        <View key={r.key} className="cq-table-row" onClick={onRow ? () => onRow(r.key) : undefined} hoverClass={onRow ? 'cq-row-hover' : 'none'} data-testid={testId ? `${testId}-${r.key}` : undefined} ariaRole={onRow ? 'button' : undefined}>
          {r.cells.map((c, i) => (
            <Text key={i} className={`cq-table-cell${i === 0 ? ' cq-table-cell-first' : ''}`}>
              {c}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}
