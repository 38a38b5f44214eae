import { parseChatRecord } from '../../../server/patrol/import';
import { bySender, cst, expectErrors, expectOk, readFixture } from './fixtures/import/helpers';

describe('PC WeChat copy (Ctrl-C)', () => {
  const village = expectOk(parseChatRecord(readFixture('pc-copy-village.txt')));

  it('reads every message of a clipboard copy with CRLF line ends', () => {
    expect(village.format).toBe('pc_copy');
    expect(village.groupName).toBeUndefined();
    expect(village.messages).toHaveLength(85);
    expect(village.messages[0]).toMatchObject({
      sender: '王建国（村支书）',
      sentAt: cst('2025-03-02 07:42'),
      text: '各位乡亲早上好，今天开始春耕补贴申报，有需要的到村委会登记。',
      line: 1,
    });
    for (const m of village.messages) expect(m.text).not.toMatch(/\r/);
  });

  it('turns AM/PM into the 24-hour clock', () => {
    const at = (start: string) => village.messages.find((m) => m.text.startsWith(start))!.sentAt;
    expect(at('谁家的鸡')).toBe(cst('2025-03-02 12:03'));
    expect(at('招聘宝妈兼职')).toBe(cst('2025-03-02 18:45'));
    expect(at('晚安各位')).toBe(cst('2025-03-05 21:05'));
    const r = expectOk(parseChatRecord('张三 2025/03/02 12:30 AM\n夜里停电了\n\n李四 2025/03/02 12:40 PM\n来电了'));
    expect(r.messages.map((m) => m.sentAt)).toEqual([cst('2025-03-02 00:30'), cst('2025-03-02 12:40')]);
  });

  it('keeps names with spaces and a time-like suffix', () => {
    expect(bySender(village, '王师傅 营业7:00-19:00')).toHaveLength(2);
    expect(bySender(village, '钱大夫 村卫生室')).toHaveLength(3);
  });

  it('reads the Chinese locale: 上午/下午, 年月日 and the 24-hour clock', () => {
    const r = expectOk(parseChatRecord(readFixture('pc-copy-chinese-locale.txt')));
    expect(r.messages.map((m) => [m.line, m.sender, m.sentAt, m.kind])).toEqual([
      [1, '李秀英 三组网格员', cst('2025-03-02 08:10'), 'text'],
      [4, '王师傅 营业7:00-19:00', cst('2025-03-02 12:05'), 'text'],
      [8, '孙老汉', cst('2025-03-02 21:40'), 'voice'],
      [11, '赵 婶', cst('2025-03-03 00:15'), 'text'],
      [14, '钱大夫 村卫生室', cst('2025-03-03 00:30'), 'text'],
    ]);
    expect(r.messages[1].text).toBe('中午有空，\n下午两点前能把路灯修好。');
  });

  it('keeps blank lines inside a body as paragraphs', () => {
    const r = expectOk(parseChatRecord('张三 2025/03/02 8:12 AM\n第一段\n\n第二段\n\n\n李四 2025/03/02 8:20 AM\n好'));
    expect(r.messages.map((m) => m.text)).toEqual(['第一段\n\n第二段', '好']);
  });

  it('reports text above the first sender line and imports nothing', () => {
    const errors = expectErrors(parseChatRecord(readFixture('pc-copy-orphan-body.txt')));
    expect(errors).toEqual([
      { line: 1, code: 'import_orphan_body', message: '第 1 行：这行内容前面没有发言人和时间' },
    ]);
  });

  it('reports dates and times that do not exist', () => {
    const errors = expectErrors(
      parseChatRecord('张三 2025/02/29 8:00 AM\n你好\n\n李四 2025/03/01 13:00 AM\n你好\n\n王五 2024/02/29 8:00 AM\n闰年这天是有的'),
    );
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'import_bad_time'],
      [4, 'import_bad_time'],
    ]);
    expect(errors[0].message).toContain('2025/02/29 8:00 AM');
  });

  it('reports a sender line with no text under it', () => {
    const errors = expectErrors(parseChatRecord('张三 2025/03/02 8:12 AM\n\n李四 2025/03/02 8:20 AM\n明天修'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_empty_body' })]);
  });
});
