/**
 * Wall-clock times of an export → ms since the epoch. Exports write local times without a zone, so the
 * caller says which zone the phone or PC was in (default Asia/Shanghai). China-area zones and fixed
 * offsets are computed without Intl because the mini-program's JS engine may lack time-zone data; other
 * IANA names use Intl when it is there.
 */

export interface TimeZone {
  name: string;
  /** minutes east of UTC at this instant */
  offsetMinutesAt(utcMs: number): number;
}

/** No daylight saving in these since 1991, long before WeChat. */
const FIXED_ZONES: Record<string, number> = {
  'asia/shanghai': 480,
  'asia/chongqing': 480,
  'asia/chungking': 480,
  'asia/harbin': 480,
  prc: 480,
  'asia/hong_kong': 480,
  'asia/macau': 480,
  'asia/taipei': 480,
  utc: 0,
  'etc/utc': 0,
  gmt: 0,
  z: 0,
};

const OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

export function resolveTimeZone(name: string): TimeZone | null {
  const trimmed = name.trim();
  const fixed = FIXED_ZONES[trimmed.toLowerCase()];
  if (fixed !== undefined) return { name: trimmed, offsetMinutesAt: () => fixed };
  const m = OFFSET.exec(trimmed);
  if (m) {
    const hours = Number(m[2]);
    const minutes = m[3] ? Number(m[3]) : 0;
    if (hours > 14 || minutes > 59) return null;
    const offset = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    return { name: trimmed, offsetMinutesAt: () => offset };
  }
  return intlTimeZone(trimmed);
}

function intlTimeZone(name: string): TimeZone | null {
  if (typeof Intl === 'undefined' || typeof Intl.DateTimeFormat !== 'function') return null;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  return {
    name,
    offsetMinutesAt(utcMs: number): number {
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(new Date(utcMs))) {
        if (p.type !== 'literal') parts[p.type] = Number(p.value);
      }
      const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
      return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60000);
    },
  };
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** WeChat began in 2011; a year far outside this range is a typo, not history. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1)) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidTime(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** null when the date or time does not exist. */
export function wallClockToEpoch(t: WallClock, zone: TimeZone): number | null {
  if (!isValidDate(t.year, t.month, t.day) || !isValidTime(t.hour, t.minute, t.second)) return null;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  // The offset depends on the instant we are looking for; a second look settles daylight-saving edges.
  const first = asUtc - zone.offsetMinutesAt(asUtc) * 60000;
  const offset = zone.offsetMinutesAt(first);
  return asUtc - offset * 60000;
}

/** 12-hour clock words of the English and Chinese PC locales → 24-hour hour, or null if impossible. */
export function to24Hour(hour: number, marker: string | undefined): number | null {
  if (!marker) return hour;
  const m = marker.replace(/\./g, '').toUpperCase();
  const morning = m === 'AM' || m === '上午' || m === '凌晨' || m === '早上';
  if (hour === 0 && morning) return 0;
  if (hour < 1 || hour > 12) {
    // 下午 13:05 happens in some locales; a 24-hour number after a marker is taken as written.
    return hour <= 23 && (m === '下午' || m === '晚上' || m === '中午') && hour >= 12 ? hour : null;
  }
  if (morning) return hour === 12 ? 0 : hour;
  if (m === '中午') return hour <= 2 ? hour + 12 : hour === 12 ? 12 : hour;
  // PM, 下午, 晚上
  return hour === 12 ? 12 : hour + 12;
}
