import fc from 'fast-check';
import { assignDedupeKeys, fnv1a64, parseChatRecord, type ImportedMessage, type ParsedMessage } from '../../../server/patrol/import';
import { cst, expectOk, readFixture } from './fixtures/import/helpers';

/** FNV-1a 64 written the obvious way, with BigInt, to check the two-halves version against. */
function fnv1a64Reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const keys = (messages: ImportedMessage[]) => messages.map((m) => m.dedupeKey);
const nonSystemKeys = (file: string) =>
  new Set(keys(expectOk(parseChatRecord(readFixture(file), { selfName: '黄文' })).messages.filter((m) => m.kind !== 'system')));

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 values', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('agrees with a BigInt implementation on any text, Chinese and emoji included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => fnv1a64(s) === fnv1a64Reference(s)),
      { numRuns: 500 },
    );
    expect(fnv1a64('村口的路灯坏了😀')).toBe(fnv1a64Reference('村口的路灯坏了😀'));
  });
});

describe('dedupe keys', () => {
  it('are the same when the same file is imported again, and unique within a file', () => {
    const text = readFixture('merged-forward-village.txt');
    const first = keys(expectOk(parseChatRecord(text)).messages);
    const again = keys(expectOk(parseChatRecord(text)).messages);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const k of first) expect(k).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are the same for the same messages exported in any layout', () => {
    const merged = nonSystemKeys('merged-forward-village.txt');
    expect(merged.size).toBe(85);
    expect(nonSystemKeys('pc-copy-village.txt')).toEqual(merged);
    expect(nonSystemKeys('wechatmsg-village.txt')).toEqual(merged);
    expect(nonSystemKeys('wechatmsg-village.csv')).toEqual(merged);
  });

  it('find the messages of a shorter export of the same chat among those already imported', () => {
    const all = nonSystemKeys('merged-forward-village.txt');
    const compact = nonSystemKeys('merged-forward-compact.txt');
    expect(compact.size).toBe(30);
    for (const k of compact) expect(all.has(k)).toBe(true);
  });

  it('keep two identical messages of one minute as two', () => {
    const r = expectOk(parseChatRecord(readFixture('merged-forward-village.txt')));
    const twice = r.messages.filter((m) => m.text === '给我留两棵白菜');
    expect(twice).toHaveLength(2);
    expect(twice[0].sentAt).toBe(twice[1].sentAt);
    expect(twice[0].dedupeKey).not.toBe(twice[1].dedupeKey);
    const photos = r.messages.filter((m) => m.sender === '张大山' && m.sentAt === cst('2025-03-04 14:03'));
    expect(photos.map((m) => m.kind)).toEqual(['image', 'image']);
    expect(photos[0].dedupeKey).not.toBe(photos[1].dedupeKey);
  });

  const base: ParsedMessage = { sender: '张三', sentAt: cst('2025-03-02 08:12:05'), text: '村口的路灯坏了', kind: 'text', line: 1 };
  const keyOf = (m: Partial<ParsedMessage>) => assignDedupeKeys([{ ...base, ...m }])[0].dedupeKey;

  it('ignore seconds, spacing, full-width forms and zero-width characters', () => {
    const k = keyOf({});
    expect(keyOf({ sentAt: cst('2025-03-02 08:12:59') })).toBe(k);
    expect(keyOf({ text: ' 村口的 路灯\n坏了 ' })).toBe(k);
    expect(keyOf({ sender: '张\u200b三' })).toBe(k);
    expect(keyOf({ sender: 'ＡＢ', text: 'ok' })).toBe(keyOf({ sender: 'ab', text: 'OK' }));
  });

  it('change with the sender, the minute, the text and the kind of media', () => {
    const k = keyOf({});
    expect(keyOf({ sender: '李四' })).not.toBe(k);
    expect(keyOf({ sentAt: cst('2025-03-02 08:13:00') })).not.toBe(k);
    expect(keyOf({ text: '村口的路灯修好了' })).not.toBe(k);
    expect(keyOf({ kind: 'image', text: '[图片]' })).not.toBe(keyOf({ kind: 'voice', text: '[语音]' }));
    // media count by kind: the file name differs between layouts
    expect(keyOf({ kind: 'image', text: '[图片]' })).toBe(keyOf({ kind: 'image', text: '[图片: a.jpg]' }));
  });

  it('depend on the order of identical messages only, not on what else the file holds', () => {
    const a = { ...base, text: '收到' };
    const other = { ...base, sender: '李四', text: '好的' };
    const alone = assignDedupeKeys([a, a]);
    const mixed = assignDedupeKeys([other, a, other, a]);
    expect(keys([mixed[1], mixed[3]])).toEqual(keys(alone));
  });
});
