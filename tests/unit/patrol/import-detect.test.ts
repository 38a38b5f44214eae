import { detectChatFormat, parseChatRecord } from '../../../server/patrol/import';
import { expectErrors, expectOk, readFixture } from './fixtures/import/helpers';

describe('layout detection', () => {
  it.each([
    ['merged-forward-village.txt', 'merged_forward'],
    ['merged-forward-compact.txt', 'merged_forward_compact'],
    ['merged-forward-private.txt', 'merged_forward'],
    ['pc-copy-village.txt', 'pc_copy'],
    ['pc-copy-chinese-locale.txt', 'pc_copy'],
    ['wechatmsg-village.txt', 'wechatmsg_txt'],
    ['wechatmsg-village.csv', 'wechatmsg_csv'],
  ])('knows %s as %s', (file, format) => {
    expect(detectChatFormat(readFixture(file))).toBe(format);
    expect(expectOk(parseChatRecord(readFixture(file))).format).toBe(format);
  });

  it('knows a merged-forward record copied without its header by its date ruler', () => {
    const r = expectOk(parseChatRecord('\n—————  2025-03-02  —————\n\n张三  08:12\n\n路灯坏了'));
    expect(r.format).toBe('merged_forward');
    expect(r.groupName).toBeUndefined();
  });

  it('tells a PC copy with a two-space gap from a merged-forward sender line', () => {
    expect(detectChatFormat('张三 2025/03/02  8:12\n你好')).toBe('pc_copy');
  });

  it('refuses text in no known layout, naming the first line with something on it', () => {
    const errors = expectErrors(parseChatRecord('\n\n大家好\n今天下午开会\n'));
    expect(errors).toEqual([
      { line: 3, code: 'import_format_unknown', message: '第 3 行：认不出这是哪种聊天记录格式' },
    ]);
    expect(detectChatFormat('大家好')).toBeNull();
  });

  it('reads a file as the layout it is told, and says so when the file is not in it', () => {
    const txt = readFixture('wechatmsg-village.txt');
    expect(expectOk(parseChatRecord(txt, { format: 'wechatmsg_txt' })).messages).toHaveLength(87);
    const errors = expectErrors(parseChatRecord(txt, { format: 'pc_copy' }));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_format_unknown' })]);
    expect(errors[0].message).toContain('和所选的格式不一致');
  });
});
