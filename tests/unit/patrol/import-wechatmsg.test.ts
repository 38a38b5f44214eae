import { parseChatRecord } from '../../../server/patrol/import';
import { bySender, cst, expectErrors, expectOk, readFixture } from './fixtures/import/helpers';

const CSV_HEADER = '\ufefflocalId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender';
const epochS = (wallClock: string) => cst(wallClock) / 1000;
/** one CSV row of a group chat */
function row(id: number, type: number, subType: number, content: string, wallClock: string, sender: string, isSelf = 0): string {
  const quoted = /[",\n]/.test(content) ? `"${content.replace(/"/g, '""')}"` : content;
  return `${id},20483715692@chatroom,${type},${subType},${isSelf},${epochS(wallClock)},2,${quoted},${wallClock},青山村村民议事群,青山村议事群,${sender}`;
}

describe('WeChatMsg (留痕) TXT', () => {
  const village = expectOk(parseChatRecord(readFixture('wechatmsg-village.txt')));

  it('reads every message with its seconds, and the system lines', () => {
    expect(village.format).toBe('wechatmsg_txt');
    expect(village.messages).toHaveLength(87);
    expect(village.messages[0]).toMatchObject({
      sender: '王建国（村支书）',
      sentAt: cst('2025-03-02 07:42:10'),
      kind: 'text',
      line: 1,
    });
  });

  it('reads a recall as a system line with no sender', () => {
    const system = village.messages.filter((m) => m.kind === 'system');
    expect(system).toEqual([
      expect.objectContaining({ sender: '', text: '"兼职日结-小雨" 撤回了一条消息', line: 107, sentAt: cst('2025-03-02 18:46:10') }),
      expect.objectContaining({ sender: '', text: '"客服小美" 撤回了一条消息', line: 239 }),
    ]);
  });

  it('reads a quote reply: the reply as text, the 引用 line as the quoted message', () => {
    const reply = village.messages.find((m) => m.kind === 'quote')!;
    expect(reply).toMatchObject({
      sender: '李秀英 三组网格员',
      text: '大家注意！这是诈骗！\n医保卡没有年审这一说，千万不要点链接，不要填身份证和银行卡号。\n有疑问打村委会电话或者直接来问我。',
      quote: {
        sender: '医保服务中心-刘主任',
        text: '【紧急通知】您的医保卡因未年审即将停用，请于今日内点击 http://ybk-nianshen.cn 填写身份证号和银行卡号完成认证，逾期作废。',
      },
    });
  });

  it('reads the placeholders as kinds', () => {
    const count = (k: string) => village.messages.filter((m) => m.kind === k).length;
    expect([count('image'), count('voice'), count('sticker'), count('video'), count('file'), count('link')]).toEqual([9, 2, 4, 2, 1, 1]);
    expect(village.messages.find((m) => m.kind === 'sticker')!.text).toBe('[表情包]');
  });

  it('writes the exporter as 你, or as selfName when given', () => {
    expect(bySender(village, '你')).toHaveLength(5);
    const named = expectOk(parseChatRecord(readFixture('wechatmsg-village.txt'), { selfName: '黄文' }));
    expect(bySender(named, '你')).toHaveLength(0);
    expect(bySender(named, '黄文')).toHaveLength(5);
  });

  it('reads a notice written under a name line as a system line', () => {
    const r = expectOk(parseChatRecord('2025-03-02 18:46:10 青山村村民议事群\n"兼职日结-小雨" 撤回了一条消息\n\n2025-03-02 18:47:00 李四\n又撤回了\n'));
    expect(r.messages.map((m) => [m.kind, m.sender, m.text])).toEqual([
      ['system', '', '"兼职日结-小雨" 撤回了一条消息'],
      ['text', '李四', '又撤回了'],
    ]);
  });

  it('keeps a reply whose quoted message the tool could not find, and a quote that runs on for lines', () => {
    const r = expectOk(
      parseChatRecord('2025-03-02 09:00:00 张三\n好的\n引用:未知\n\n2025-03-02 09:01:00 李四\n收到\n引用:王五：通知\n明天开会\n'),
    );
    expect(r.messages[0]).toMatchObject({ kind: 'quote', text: '好的' });
    expect(r.messages[0].quote).toBeUndefined();
    expect(r.messages[1]).toMatchObject({ kind: 'quote', text: '收到', quote: { sender: '王五', text: '通知\n明天开会' } });
  });

  it('reads a file that starts with a BOM', () => {
    const r = expectOk(parseChatRecord('\ufeff2025-03-02 09:00:00 张三\r\n早\r\n'));
    expect(r.messages).toEqual([expect.objectContaining({ sender: '张三', text: '早', line: 1 })]);
  });

  it('keeps blank lines inside a body: an entry runs to the next time line', () => {
    const r = expectOk(parseChatRecord('2025-03-02 09:00:00 张三\n第一段\n\n第二段\n\n2025-03-02 09:01:00 李四\n好\n\n\n'));
    expect(r.messages.map((m) => m.text)).toEqual(['第一段\n\n第二段', '好']);
  });

  it('reports a time line without a name, a time that does not exist, and text before any time line', () => {
    const errors = expectErrors(
      parseChatRecord('开头多了一行\n2025-03-02 09:00:00\n内容\n\n2025-13-02 09:00:00 张三\n内容\n\n2025-03-02 09:01:00 李四\n好'),
    );
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'import_orphan_body'],
      [2, 'import_bad_line'],
      [5, 'import_bad_time'],
    ]);
  });
});

describe('WeChatMsg (留痕) CSV', () => {
  const raw = readFixture('wechatmsg-village.csv');
  const village = expectOk(parseChatRecord(raw, { selfName: '黄文' }));

  it('reads every row, the group name, and times from CreateTime', () => {
    expect(village.format).toBe('wechatmsg_csv');
    expect(village.groupName).toBe('青山村村民议事群');
    expect(village.messages).toHaveLength(87);
    expect(village.messages[0]).toMatchObject({ sender: '王建国（村支书）', sentAt: cst('2025-03-02 07:42:10'), line: 2 });
  });

  it('numbers each message by the physical line its row starts on, past fields that span lines', () => {
    const lines = raw.split(/\r\n|\r|\n/);
    const notice = village.messages.find((m) => m.text.startsWith('【通知】'))!;
    expect(notice.text.split('\n')).toHaveLength(7);
    const next = village.messages[village.messages.indexOf(notice) + 1];
    expect(next.line).toBe(notice.line + 7);
    for (const m of village.messages) expect(lines[m.line - 1]).toMatch(/^\d+,20483715692@chatroom,/);
  });

  it('maps Type and SubType to kinds, reading titles and quotes out of the XML', () => {
    const find = (kind: string) => village.messages.filter((m) => m.kind === kind);
    expect(find('file')).toEqual([expect.objectContaining({ text: '[文件] 2025年春耕补贴申请表.xlsx', attachment: '2025年春耕补贴申请表.xlsx' })]);
    expect(find('link')).toEqual([expect.objectContaining({ text: '[链接] 春季农机安全操作指南' })]);
    expect(find('quote')).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^大家注意！这是诈骗！\n/),
        quote: { sender: '医保服务中心-刘主任', text: expect.stringContaining('http://ybk-nianshen.cn') },
      }),
    ]);
    expect(find('system')).toEqual([
      expect.objectContaining({ sender: '', text: '"兼职日结-小雨" 撤回了一条消息' }),
      expect.objectContaining({ sender: '', text: '"客服小美" 撤回了一条消息' }),
    ]);
    expect(find('image')).toHaveLength(9);
  });

  it('names the exporter 我 (IsSender=1) unless selfName is given', () => {
    expect(bySender(village, '黄文')).toHaveLength(5);
    const plain = expectOk(parseChatRecord(raw));
    expect(bySender(plain, '我')).toHaveLength(5);
  });

  it('reads every message type it knows, and keeps unknown ones', () => {
    const csv = [
      CSV_HEADER,
      row(1, 3, 0, '', '2025-03-02 08:00:01', '张三'),
      row(2, 34, 0, '', '2025-03-02 08:00:02', '张三'),
      row(3, 43, 0, '', '2025-03-02 08:00:03', '张三'),
      row(4, 47, 0, '', '2025-03-02 08:00:04', '张三'),
      row(5, 49, 57, '哪个路口？', '2025-03-02 08:00:05', '张三'),
      row(6, 49, 2000, '<msg><appmsg><title>微信转账</title></appmsg></msg>', '2025-03-02 08:00:06', '张三'),
      row(7, 10000, 0, '<![CDATA["李四" 撤回了一条消息 <a href="weixin://revoke_edit_click">重新编辑</a>]]>', '2025-03-02 08:00:07', ''),
      row(8, 10002, 0, '<sysmsg type="revokemsg"><revokemsg><replacemsg><![CDATA["王五" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>', '2025-03-02 08:00:08', ''),
      row(9, 48, 0, '<msg><location x="30.1" y="120.2"/></msg>', '2025-03-02 08:00:09', '张三'),
      row(10, 9999, 0, '???', '2025-03-02 08:00:10', '张三'),
      row(11, 1, 0, '他说"明天修", 然后走了', '2025-03-02 08:00:11', '张三'),
    ].join('\r\n');
    const r = expectOk(parseChatRecord(csv));
    expect(r.messages.map((m) => [m.kind, m.text])).toEqual([
      ['image', '[图片]'],
      ['voice', '[语音]'],
      ['video', '[视频]'],
      ['sticker', '[表情包]'],
      ['quote', '哪个路口？'],
      ['link', '[转账]'],
      ['system', '"李四" 撤回了一条消息'],
      ['system', '"王五" 撤回了一条消息'],
      ['text', '[位置]'],
      ['text', '[其他消息]'],
      ['text', '他说"明天修", 然后走了'],
    ]);
    expect(r.messages[6].sender).toBe('');
  });

  it('names the other side of a private chat from Remark when Sender is empty', () => {
    const csv = `${CSV_HEADER}\n1,wxid_abc123,1,0,0,${epochS('2025-03-02 08:00:00')},2,你好,2025-03-02 08:00:00,李姐,李秀英,\n`;
    const r = expectOk(parseChatRecord(csv));
    expect(r.groupName).toBeUndefined();
    expect(r.messages[0].sender).toBe('李姐');
  });

  it('finds columns by name, so an older export with fewer columns reads', () => {
    const csv = `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n1,wxid_abc,1,0,1,${epochS('2025-03-02 08:00:00')},2,早,2025-03-02 08:00:00\n`;
    const r = expectOk(parseChatRecord(csv, { selfName: '黄文' }));
    expect(r.messages[0]).toMatchObject({ sender: '黄文', text: '早' });
  });

  it('reports a row cut short and a quote never closed, by physical line, and imports nothing', () => {
    const errors = expectErrors(parseChatRecord(readFixture('wechatmsg-broken-row.csv')));
    expect(errors).toEqual([
      { line: 5, code: 'import_bad_csv_row', message: '第 5 行：表格这一行坏了（应有 12 列，这一行有 9 列）' },
      { line: 7, code: 'import_bad_csv_row', message: '第 7 行：表格这一行坏了（引号没有闭合）' },
    ]);
  });

  it('reports a Type that is not a number and text after a closing quote', () => {
    const csv = [CSV_HEADER, row(1, 1, 0, '好', '2025-03-02 08:00:00', '张三').replace(',1,0,0,', ',文本,0,0,'), '2,x@chatroom,1,0,0,1740873600,2,"好"的,2025-03-02 08:00:00,a,b,c'].join('\n');
    const errors = expectErrors(parseChatRecord(csv));
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'import_bad_csv_row'],
      [3, 'import_bad_csv_row'],
    ]);
    expect(errors[0].message).toContain('文本');
  });

  it('reports a header without the columns it needs', () => {
    const errors = expectErrors(parseChatRecord('localId,Type,StrContent,Sender\n1,1,你好,张三\n', { format: 'wechatmsg_csv' }));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_csv_missing_column' })]);
    expect(errors[0].message).toContain('CreateTime');
  });

  it('reports a row without a readable time', () => {
    const csv = `${CSV_HEADER}\n1,x@chatroom,1,0,0,,2,你好,2025-02-30 08:00:00,a,b,张三\n`;
    expect(expectErrors(parseChatRecord(csv))).toEqual([expect.objectContaining({ line: 2, code: 'import_bad_time' })]);
  });
});
