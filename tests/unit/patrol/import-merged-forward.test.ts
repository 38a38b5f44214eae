import { parseChatRecord } from '../../../server/patrol/import';
import { bySender, cst, expectErrors, expectOk, readFixture } from './fixtures/import/helpers';

describe('merged forward (合并转发) records', () => {
  const village = expectOk(parseChatRecord(readFixture('merged-forward-village.txt')));

  it('reads the group name and every message of an e-mailed record', () => {
    expect(village.format).toBe('merged_forward');
    expect(village.groupName).toBe('青山村村民议事群');
    expect(village.messages).toHaveLength(85);
    expect(village.messages[0]).toMatchObject({
      sender: '王建国（村支书）',
      sentAt: cst('2025-03-02 07:42'),
      text: '各位乡亲早上好，今天开始春耕补贴申报，有需要的到村委会登记。',
      kind: 'text',
      line: 6,
    });
  });

  it('keeps names with spaces, brackets and a time-like suffix whole, taking the last time on the line', () => {
    const [shop] = bySender(village, '王师傅 营业7:00-19:00');
    expect(shop).toMatchObject({ sentAt: cst('2025-03-02 08:20'), text: '修车、换轮胎找我，村口往东第三家。' });
    expect(bySender(village, '老陈 (二组)')[0].sentAt).toBe(cst('2025-03-02 08:12'));
    expect(bySender(village, '李秀英 三组网格员').length).toBeGreaterThan(5);
    expect(bySender(village, '小周[快递代收]')).toHaveLength(3);
    expect(bySender(village, '赵 婶').length).toBeGreaterThan(3);
    const senders = new Set(village.messages.map((m) => m.sender));
    for (const s of senders) expect(s).not.toMatch(/\s\d{1,2}:\d{2}$/);
  });

  it('takes the last time even when the name itself ends in a spaced time', () => {
    const r = expectOk(
      parseChatRecord('—————  2025-03-02  —————\n\n夜班  22:00  23:15\n\n巡逻一圈，没事。\n\n值班室 12:00-14:00  23:20\n\n收到'),
    );
    expect(r.messages.map((m) => [m.sender, m.sentAt])).toEqual([
      ['夜班  22:00', cst('2025-03-02 23:15')],
      ['值班室 12:00-14:00', cst('2025-03-02 23:20')],
    ]);
  });

  it('gives a multi-line body to the sender line above it, with the line where the message starts', () => {
    const notice = village.messages.find((m) => m.text.startsWith('【通知】'))!;
    expect(notice.text).toBe(
      '【通知】\n明天上午9点在村委会召开村民代表大会\n议题：\n1. 春耕补贴发放\n2. 村道修缮集资\n3. 河堤加固\n请各户派一名代表参加。',
    );
    expect(notice.sentAt).toBe(cst('2025-03-03 08:30'));
    const lines = readFixture('merged-forward-village.txt').split('\n');
    expect(lines[notice.line - 1]).toBe('王建国（村支书）  08:30');
    for (const m of village.messages) expect(lines[m.line - 1]).toMatch(/\s{2}\d{2}:\d{2}$/);
  });

  it('moves to the next day at each date line', () => {
    const fire = village.messages.find((m) => m.text.startsWith('河堤东头'))!;
    expect(fire.sentAt).toBe(cst('2025-03-03 06:58'));
    const last = village.messages[village.messages.length - 1];
    expect(last.sentAt).toBe(cst('2025-03-05 21:05'));
    const times = village.messages.map((m) => m.sentAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('turns attachment placeholders into kinds, keeping the attachment name', () => {
    const kinds = (k: string) => village.messages.filter((m) => m.kind === k);
    expect(kinds('image')).toHaveLength(9);
    expect(kinds('image')[0]).toMatchObject({ text: '[图片]', attachment: 'c1a0e7f2d9.jpg', sender: '张大山' });
    expect(kinds('voice')).toHaveLength(2);
    expect(kinds('voice')[0].text).toBe('[语音]');
    expect(kinds('sticker').map((m) => m.text)).toEqual(Array(4).fill('[表情包]'));
    expect(kinds('video')[0]).toMatchObject({ text: '[视频]', attachment: 'd7f1c2.mp4' });
    expect(kinds('file')).toEqual([
      expect.objectContaining({ text: '[文件] 2025年春耕补贴申请表.xlsx', attachment: '2025年春耕补贴申请表.xlsx' }),
    ]);
    expect(kinds('link')).toEqual([expect.objectContaining({ text: '[链接] 春季农机安全操作指南' })]);
  });

  it('reads the compact variant without blank lines', () => {
    const r = expectOk(parseChatRecord(readFixture('merged-forward-compact.txt')));
    expect(r.format).toBe('merged_forward_compact');
    expect(r.groupName).toBe('青山村村民议事群');
    expect(r.messages).toHaveLength(30);
    expect(r.messages.map((m) => m.text)).toContain('今天到的快递：\n刘桂花 两件\n孙老汉 一件（药）\n赵 婶 一件\n下午五点前来拿。');
    expect(r.messages[1]).toMatchObject({ kind: 'file', line: 5 });
  });

  it('reads a private record with CRLF, a BOM, trailing spaces and no-break or ideographic spaces', () => {
    const r = expectOk(parseChatRecord(readFixture('merged-forward-private.txt')));
    expect(r.format).toBe('merged_forward');
    expect(r.participants).toEqual(['黄文', '李秀英 三组网格员']);
    expect(r.groupName).toBeUndefined();
    expect(r.messages).toEqual([
      expect.objectContaining({ sender: '黄文', line: 6, sentAt: cst('2025-03-06 09:15'), text: '李姐，老学校那边的警示牌被风吹倒了' }),
      expect.objectContaining({ sender: '李秀英 三组网格员', line: 10, kind: 'image', attachment: '0a1b2c3d.jpg' }),
      expect.objectContaining({ line: 14, text: '我让人去扶起来，\n顺便用沙袋压住。' }),
    ]);
  });

  it('reports a date that does not exist and a time that does not exist, by line, and imports nothing', () => {
    const errors = expectErrors(parseChatRecord(readFixture('merged-forward-bad-date.txt')));
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [10, 'import_bad_time'],
      [17, 'import_bad_time'],
    ]);
    expect(errors[0].message).toBe('第 10 行：日期或时间不对（没有 2025-02-30 这一天）');
    expect(errors[1].message).toContain('25:10');
  });

  it('refuses a message with no date line before it', () => {
    const errors = expectErrors(parseChatRecord('张三  08:12\n\n村口的路灯坏了'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_bad_time' })]);
    expect(errors[0].message).toContain('前面没有日期行');
  });

  it('refuses a date ruler it cannot read', () => {
    const errors = expectErrors(parseChatRecord('—————  三月二日  —————\n\n张三  08:12\n\n路灯坏了'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_bad_time' })]);
  });

  it('reports text between a date line and the first sender', () => {
    const text = '村民群 微信群上的聊天记录如下，请查收。\n\n—————  2025-03-02  —————\n\n这行没有发言人\n\n张三  08:12\n\n你好';
    const errors = expectErrors(parseChatRecord(text));
    expect(errors).toEqual([expect.objectContaining({ line: 5, code: 'import_orphan_body' })]);
  });

  it('reports a sender line with nothing under it', () => {
    const errors = expectErrors(parseChatRecord('—————  2025-03-02  —————\n张三  08:12\n内容\n李四  08:13\n\n\n'));
    expect(errors).toEqual([expect.objectContaining({ line: 4, code: 'import_empty_body' })]);
  });

  it('skips an e-mail greeting above the header but counts its lines', () => {
    const text = '转发给网格员：\n\n村民群 微信群上的聊天记录如下，请查收。\n\n—————  2025-03-02  —————\n\n张三  08:12\n\n路灯坏了';
    const r = expectOk(parseChatRecord(text));
    expect(r.messages).toEqual([expect.objectContaining({ sender: '张三', line: 7, text: '路灯坏了' })]);
  });

  it('reports lines above a header-less record as text without a sender', () => {
    const errors = expectErrors(parseChatRecord('看看这个\n—————  2025-03-02  —————\n张三  08:12\n路灯坏了'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_orphan_body' })]);
  });

  it('treats a body that merely starts with a bracket as text', () => {
    const r = expectOk(parseChatRecord('—————  2025-03-02  —————\n张三  08:12\n[图片]大家看看这个\n李四  08:13\n[微笑]'));
    expect(r.messages.map((m) => [m.kind, m.text])).toEqual([
      ['text', '[图片]大家看看这个'],
      ['text', '[微笑]'],
    ]);
  });

  it('reads a sender line that carries its own date', () => {
    const r = expectOk(parseChatRecord('微信群"村民群"的聊天记录如下:\n张三  2025-03-02 08:12\n路灯坏了\n李四  2025-03-03 09:00\n修好了'));
    expect(r.messages.map((m) => m.sentAt)).toEqual([cst('2025-03-02 08:12'), cst('2025-03-03 09:00')]);
  });
});
