import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Btn, Card, Choices, Muted, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { useParams } from '../../routes';
import type { Category, LexiconTerm } from '../../../../server/patrol/contract';
import { patrol, type Input } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { CATEGORY_LABEL, CATEGORY_TONE } from '../ui';
import '../patrol.scss';

type Act = LexiconTerm['action'];
const ACTION_LABEL: Record<Act, string> = { flag: '标记（照常显示，进待办）', hold: '待审（网格员看过才显示）', block: '拦截（不许发）' };

/** The committee's lexicon: find a term, change its weight or action, remove it, add a new one. */
export default function LexiconPage() {
  const { villageId } = useParams();
  const q = useQuery(() => patrol('getLexicon', { villageId }), [villageId]);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ original: string | null; term: string; category: Category; weight: string; action: Act } | null>(null);
  const save = useSubmit((o, version: number, edits: Input<'patrol', 'editLexicon'>['edits']) => patrol('editLexicon', { villageId, baseVersion: version, edits }, o));

  return (
    <Screen title="巡群词库">
      <Async query={q}>
        {(lex) => {
          const shown = search.trim() ? lex.terms.filter((t) => t.term.includes(search.trim())) : lex.terms.filter((t) => t.edited).concat(lex.terms.filter((t) => !t.edited).slice(0, 30));
          const submit = async (edits: Input<'patrol', 'editLexicon'>['edits']) => {
            if (await save.run(lex.version, edits)) {
              setEditing(null);
              q.reload();
            }
          };
          return (
            <View>
              <Muted>
                共 {lex.terms.length} 个词（第 {lex.version} 版{lex.removedDefaults ? `，删去了 ${lex.removedDefaults} 个默认词` : ''}）。每次修改都会留痕。
              </Muted>
              <TextField label="找词" value={search} onChange={setSearch} name="lexicon-search" placeholder="输入词的一部分" />
              {editing ? (
                <Card>
                  <SectionTitle>{editing.original ? `修改「${editing.original}」` : '新增词条'}</SectionTitle>
                  <TextField label="词" value={editing.term} onChange={(v) => setEditing({ ...editing, term: v })} name="term" maxLength={40} />
                  <Choices<Category> value={editing.category} onChange={(v) => setEditing({ ...editing, category: v })} options={(Object.keys(CATEGORY_LABEL) as Category[]).map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} />
                  <TextField label="权重（1–10，越大越急）" value={editing.weight} onChange={(v) => setEditing({ ...editing, weight: v })} name="weight" type="number" maxLength={2} />
                  <Choices<Act> value={editing.action} onChange={(v) => setEditing({ ...editing, action: v })} options={(Object.keys(ACTION_LABEL) as Act[]).map((a) => ({ value: a, label: ACTION_LABEL[a] }))} />
                  {save.error ? <Text className="pt-error-line">{errorText(save.error)}</Text> : null}
                  <Btn
                    type="primary"
                    loading={save.busy}
                    onClick={() => {
                      const entry = { term: editing.term, category: editing.category, weight: Number(editing.weight), action: editing.action };
                      submit([editing.original ? { op: 'change', term: editing.original, entry } : { op: 'add', entry }]);
                    }}
                  >
                    保存
                  </Btn>
                  {editing.original ? <Btn onClick={() => submit([{ op: 'remove', term: editing.original! }])}>删除这个词</Btn> : null}
                  <Btn onClick={() => setEditing(null)}>取消</Btn>
                </Card>
              ) : (
                <Btn type="primary" onClick={() => setEditing({ original: null, term: '', category: 'fraud', weight: '5', action: 'flag' })}>
                  新增词条
                </Btn>
              )}
              <Card>
                {shown.map((t) => (
                  <Row
                    key={t.term}
                    label={t.term}
                    hint={`${CATEGORY_LABEL[t.category]} · 权重 ${t.weight} · ${ACTION_LABEL[t.action].split('（')[0]}`}
                    value={t.edited ? <Tag tone={CATEGORY_TONE[t.category]}>本村改过</Tag> : undefined}
                    onClick={() => setEditing({ original: t.term, term: t.term, category: t.category, weight: String(t.weight), action: t.action })}
                  />
                ))}
              </Card>
              {!search.trim() && lex.terms.length > shown.length ? <Muted>只列出本村改过的词和前 30 个默认词，找其他词请用上面的搜索。</Muted> : null}
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
