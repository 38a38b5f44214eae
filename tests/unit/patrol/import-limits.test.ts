import { IMPORT_ERROR_MESSAGES, IMPORT_LIMITS, parseChatRecord, parseChatRecordAsync } from '../../../server/patrol/import';
import { expectErrors, expectOk, readFixture } from './fixtures/import/helpers';

describe('empty and oversize files', () => {
  it.each([
    ['nothing', ''],
    ['blank lines', '\r\n  \n\t\n'],
    ['a BOM only', '\ufeff'],
  ])('refuses %s as empty', (_, text) => {
    expect(expectErrors(parseChatRecord(text))).toEqual([
      { line: 1, code: 'import_empty', message: '第 1 行：文件里没有聊天记录' },
    ]);
  });

  it('refuses a header with no message under it as empty', () => {
    const errors = expectErrors(parseChatRecord('村民群 微信群上的聊天记录如下，请查收。\n\n—————  2025-03-02  —————\n'));
    expect(errors).toEqual([expect.objectContaining({ line: 1, code: 'import_empty' })]);
    expect(errors[0].message).toContain('没有找到任何消息');
  });

  it('refuses a file over the byte limit, at the line where it goes over', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `2025-03-02 08:0${i}:00 张三\n${'路'.repeat(30)}`); // 27 + 91 bytes with the line ends
    const errors = expectErrors(parseChatRecord(lines.join('\n'), { maxBytes: 500 }));
    expect(errors).toEqual([expect.objectContaining({ line: 10, code: 'import_too_large' })]);
    expect(errors[0].message).toBe('第 10 行：文件太大，请分成几次导入（最大 500 字节）');
  });

  it('refuses more than 5 MB by default, counting UTF-8 bytes', () => {
    expect(IMPORT_LIMITS.maxBytes).toBe(5 * 1024 * 1024);
    const chinese = `2025-03-02 08:00:00 张三\n${'路'.repeat(1_800_000)}\n`; // ~5.4 MB in UTF-8, 1.8 M UTF-16 units
    expect(expectErrors(parseChatRecord(chinese))[0]).toMatchObject({ code: 'import_too_large', line: 2 });
    const justUnder = `2025-03-02 08:00:00 张三\n${'路'.repeat(1_700_000)}\n`;
    expect(expectOk(parseChatRecord(justUnder)).messages).toHaveLength(1);
  });

  it('refuses more messages than the limit, at the first message over it, and stops there', () => {
    const errors = expectErrors(parseChatRecord(readFixture('wechatmsg-village.txt'), { maxMessages: 10 }));
    expect(errors).toEqual([expect.objectContaining({ line: 31, code: 'import_too_many_messages' })]);
    expect(errors[0].message).toContain('最多 10 条');
  });

  it('reports at most maxErrors errors', () => {
    const text = Array.from({ length: 50 }, (_, i) => `张${i} 2025/02/30 8:00 AM\n你好\n`).join('\n');
    const errors = expectErrors(parseChatRecord(text, { maxErrors: 5 }));
    expect(errors.map((e) => e.line)).toEqual([1, 4, 7, 10, 13]);
  });

  it('refuses a timezone it does not know', () => {
    expect(expectErrors(parseChatRecord(readFixture('pc-copy-village.txt'), { timezone: 'Mars/Olympus' }))).toEqual([
      { line: 0, code: 'import_bad_timezone', message: '不认识这个时区（Mars/Olympus）' },
    ]);
  });

  it('has a Chinese message for every error code', () => {
    for (const message of Object.values(IMPORT_ERROR_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('all or nothing', () => {
  it('imports nothing from a long file with one bad line in the middle', () => {
    const lines = readFixture('wechatmsg-village.txt').split('\n');
    lines.splice(150, 0, '2025-03-03 24:10:00 张大山', '这一条时间坏了', '');
    const errors = expectErrors(parseChatRecord(lines.join('\n')));
    expect(errors).toEqual([expect.objectContaining({ line: 151, code: 'import_bad_time' })]);
  });
});

describe('progress', () => {
  it('reports lines read, rising to the total, at the chosen interval', () => {
    const text = readFixture('merged-forward-village.txt');
    const total = text.split('\n').length;
    const calls: Array<[number, number]> = [];
    expectOk(parseChatRecord(text, { progressEveryLines: 50, onProgress: (done, all) => calls.push([done, all]) }));
    expect(calls.map(([done]) => done)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, total]);
    for (const [, all] of calls) expect(all).toBe(total);
  });

  it('reports progress through a CSV by physical line', () => {
    const calls: number[] = [];
    expectOk(parseChatRecord(readFixture('wechatmsg-village.csv'), { progressEveryLines: 40, onProgress: (done) => calls.push(done) }));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
    expect(calls[calls.length - 1]).toBe(readFixture('wechatmsg-village.csv').split(/\r\n|\n/).length);
  });

  it('pauses between chunks in the async form and gives the same result', async () => {
    const text = readFixture('pc-copy-village.txt');
    let pauses = 0;
    const progress: number[] = [];
    const result = await parseChatRecordAsync(text, {
      progressEveryLines: 100,
      onProgress: (done) => progress.push(done),
      pause: async () => {
        pauses++;
      },
    });
    expect(result).toEqual(parseChatRecord(text));
    expect(pauses).toBe(progress.length);
    expect(progress).toEqual([0, 100, 200, text.split(/\r\n|\n/).length]);
  });

  it('yields to the event loop by default in the async form', async () => {
    let ticked = false;
    setTimeout(() => {
      ticked = true;
    }, 0);
    const result = await parseChatRecordAsync(readFixture('wechatmsg-village.txt'), { progressEveryLines: 10 });
    expect(result.ok).toBe(true);
    expect(ticked).toBe(true);
  });
});
