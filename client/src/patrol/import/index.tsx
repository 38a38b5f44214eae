import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { go, useParams } from '../../routes';
import { patrol } from '../../services/api';
import { newRequestId } from '../../services/transport';
import { errorText } from '../../state/useSubmit';
import { toImportBatches } from '../../../../server/patrol/batches';
import { CHAT_FORMAT_LABELS, parseChatRecordAsync, type ImportError, type ParseResult } from '../../../../server/patrol/import';
import { patrolRoutes } from '../nav';
import '../patrol.scss';

type Parsed = Extract<ParseResult, { ok: true }>;

/**
 * Import of an exported WeChat group chat: parsed here on the phone (nothing leaves it until the whole
 * file reads cleanly — a malformed file shows its line-numbered errors and nothing is sent), then sent
 * in small batches, each with its own requestId kept for a retry (the server keys messages by
 * dedupeKey, so re-importing adds nothing).
 */
export default function ImportPage() {
  const { villageId } = useParams();
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [errors, setErrors] = useState<ImportError[] | null>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [result, setResult] = useState<{ added: number; skipped: number; leads: number; clustered: number } | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const batchIds = useRef<string[]>([]);
  const sentUpTo = useRef(0);

  const read = async (source: string) => {
    setErrors(null);
    setParsed(null);
    setResult(null);
    setSendError(null);
    setProgress({ label: '正在读取', done: 0, total: 1 });
    const r = await parseChatRecordAsync(source, { timezone: 'Asia/Shanghai', onProgress: (done, total) => setProgress({ label: '正在读取', done, total }) });
    setProgress(null);
    if (!r.ok) return setErrors(r.errors);
    batchIds.current = toImportBatches(r.messages).map(() => newRequestId());
    sentUpTo.current = 0;
    setParsed(r);
  };

  const chooseFile = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['txt', 'csv'] });
      const fs = Taro.getFileSystemManager();
      const content = fs.readFileSync(res.tempFiles[0].path, 'utf8') as string;
      setText(content.length > 20000 ? `${content.slice(0, 20000)}…（共 ${content.length} 字，已全部读取）` : content);
      await read(content);
    } catch {
      /* cancelled */
    }
  };

  const send = async () => {
    if (!parsed) return;
    const batches = toImportBatches(parsed.messages);
    const totals = result ?? { added: 0, skipped: 0, leads: 0, clustered: 0 };
    setSendError(null);
    for (let i = sentUpTo.current; i < batches.length; i++) {
      setProgress({ label: '正在导入', done: i, total: batches.length });
      try {
        const out = await patrol('importMessages', { villageId, messages: batches[i], groupName: parsed.groupName, format: parsed.format }, { requestId: batchIds.current[i] });
        totals.added += out.added;
        totals.skipped += out.skipped;
        totals.leads += out.leads;
        totals.clustered += out.clustered;
        sentUpTo.current = i + 1;
        setResult({ ...totals });
      } catch (e) {
        setProgress(null);
        return setSendError(`第 ${i + 1} 批没有发出去：${errorText(e)}。点「继续导入」从这一批接着来，已导入的不会重复。`);
      }
    }
    setProgress(null);
  };

  const finished = parsed && result && sentUpTo.current >= batchIds.current.length;
  return (
    <Screen title="导入聊天记录" read="导入聊天记录。把微信群的聊天记录粘贴进来，或选一个导出的文件，系统会找出要处理的消息。">
      <Card>
        <AreaField label="聊天记录" hint="微信里合并转发后复制的文字，或电脑版微信复制、留痕导出的 TXT/CSV" value={text} onChange={setText} maxLength={200000} name="chat-text" talk={false} />
      </Card>
      <View className="pt-actions">
        {process.env.TARO_ENV === 'weapp' ? <Btn onClick={chooseFile}>从微信聊天里选文件</Btn> : null}
        <Btn type={parsed ? 'default' : 'primary'} onClick={() => read(text)} disabled={!text.trim() || !!progress} testId="read-chat">
          读取
        </Btn>
      </View>
      {progress ? (
        <Card>
          <P>
            {progress.label}… {progress.total ? Math.round((100 * progress.done) / progress.total) : 0}%
          </P>
          <View className="pt-progress">
            <View className="pt-progress-bar" style={`width:${progress.total ? (100 * progress.done) / progress.total : 0}%`} />
          </View>
        </Card>
      ) : null}
      {errors ? (
        <Banner tone="warn">
          <P strong>这份记录读不懂，什么都没有导入</P>
          {errors.map((e, i) => (
            <Text key={i} className="pt-error-line" data-testid="import-error">
              {e.line ? `第 ${e.line} 行：` : ''}
              {e.message}
            </Text>
          ))}
        </Banner>
      ) : null}
      {parsed && !finished ? (
        <Card>
          <P strong>
            读到 {parsed.messages.length} 条消息{parsed.groupName ? `（${parsed.groupName}）` : ''}
          </P>
          <Muted>格式：{CHAT_FORMAT_LABELS[parsed.format]}</Muted>
          {sendError ? <Text className="pt-error-line">{sendError}</Text> : null}
          <Btn type="primary" onClick={send} loading={!!progress} testId="send-import">
            {sendError ? '继续导入' : '导入并查一遍'}
          </Btn>
        </Card>
      ) : null}
      {finished ? (
        <Banner>
          <Text className="cq-text cq-strong" data-testid="import-done">
            导入完成：新增 {result!.added} 条，已导入过 {result!.skipped} 条
          </Text>
          <Muted>
            新线索 {result!.leads} 条，与已有线索相同的 {result!.clustered} 条
          </Muted>
          <Btn type="primary" onClick={() => go(patrolRoutes.queue, { villageId })} testId="to-queue-after-import">
            去看线索
          </Btn>
        </Banner>
      ) : null}
    </Screen>
  );
}
