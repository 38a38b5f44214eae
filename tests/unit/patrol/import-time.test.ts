import { parseChatRecord } from '../../../server/patrol/import';
import { resolveTimeZone, to24Hour, wallClockToEpoch, isValidDate } from '../../../server/patrol/import/time';
import { cst, expectOk } from './fixtures/import/helpers';

const merged = '—————  2025-03-02  —————\n\n张三  08:12\n\n路灯坏了';
const sentAt = (options: Parameters<typeof parseChatRecord>[1]) => expectOk(parseChatRecord(merged, options)).messages[0].sentAt;

describe('timezone of the wall-clock times', () => {
  it('reads times as Beijing time by default', () => {
    expect(sentAt({})).toBe(Date.UTC(2025, 2, 2, 0, 12));
    expect(sentAt({})).toBe(cst('2025-03-02 08:12'));
  });

  it.each([
    ['UTC', Date.UTC(2025, 2, 2, 8, 12)],
    ['+09:00', Date.UTC(2025, 2, 1, 23, 12)],
    ['-05:30', Date.UTC(2025, 2, 2, 13, 42)],
    ['GMT+8', Date.UTC(2025, 2, 2, 0, 12)],
    ['Asia/Hong_Kong', Date.UTC(2025, 2, 2, 0, 12)],
  ])('reads times in %s when told', (timezone, expected) => {
    expect(sentAt({ timezone })).toBe(expected);
  });

  it('follows daylight saving in other IANA zones', () => {
    const winter = expectOk(parseChatRecord('张三 2025/01/15 8:00 AM\n早', { timezone: 'America/New_York' }));
    const summer = expectOk(parseChatRecord('张三 2025/07/01 8:00 AM\n早', { timezone: 'America/New_York' }));
    expect(winter.messages[0].sentAt).toBe(Date.UTC(2025, 0, 15, 13, 0));
    expect(summer.messages[0].sentAt).toBe(Date.UTC(2025, 6, 1, 12, 0));
  });

  it('takes a CSV row instant from CreateTime whatever the zone, and its StrTime in the zone', () => {
    const header = 'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender';
    const withEpoch = `${header}\n1,x@chatroom,1,0,0,${cst('2025-03-02 08:12:30') / 1000},2,早,2025-03-02 08:12:30,群,群,张三\n`;
    const without = `${header}\n1,x@chatroom,1,0,0,,2,早,2025-03-02 08:12:30,群,群,张三\n`;
    expect(expectOk(parseChatRecord(withEpoch, { timezone: 'UTC' })).messages[0].sentAt).toBe(cst('2025-03-02 08:12:30'));
    expect(expectOk(parseChatRecord(without)).messages[0].sentAt).toBe(cst('2025-03-02 08:12:30'));
    expect(expectOk(parseChatRecord(without, { timezone: 'UTC' })).messages[0].sentAt).toBe(Date.UTC(2025, 2, 2, 8, 12, 30));
  });

  it('gives different keys to the same wall-clock time in different zones, since they are different moments', () => {
    const a = expectOk(parseChatRecord(merged)).messages[0].dedupeKey;
    const b = expectOk(parseChatRecord(merged, { timezone: 'UTC' })).messages[0].dedupeKey;
    expect(a).not.toBe(b);
  });
});

describe('time helpers', () => {
  it('knows which dates exist', () => {
    expect(isValidDate(2024, 2, 29)).toBe(true);
    expect(isValidDate(2025, 2, 29)).toBe(false);
    expect(isValidDate(2025, 4, 31)).toBe(false);
    expect(isValidDate(1925, 3, 2)).toBe(false);
    const zone = resolveTimeZone('Asia/Shanghai')!;
    expect(wallClockToEpoch({ year: 2025, month: 3, day: 2, hour: 24, minute: 0, second: 0 }, zone)).toBeNull();
  });

  it('turns 12-hour clock words into 24-hour hours', () => {
    expect([to24Hour(12, 'AM'), to24Hour(12, 'PM'), to24Hour(1, 'pm'), to24Hour(11, 'a.m.')]).toEqual([0, 12, 13, 11]);
    expect([to24Hour(8, '上午'), to24Hour(3, '下午'), to24Hour(12, '中午'), to24Hour(1, '中午'), to24Hour(9, '晚上')]).toEqual([8, 15, 12, 13, 21]);
    expect([to24Hour(0, 'AM'), to24Hour(13, 'AM'), to24Hour(15, undefined)]).toEqual([0, null, 15]);
  });

  it('refuses unknown zones and out-of-range offsets', () => {
    expect(resolveTimeZone('Mars/Olympus')).toBeNull();
    expect(resolveTimeZone('+15:00')).toBeNull();
    expect(resolveTimeZone('+05:45')!.offsetMinutesAt(0)).toBe(345);
  });
});
