/**
 * WeChat / Tencent SCF timer triggers: 7 fields — second minute hour day-of-month month day-of-week year —
 * evaluated in Beijing time (UTC+8, no DST). Supports * , - / and the MON…SUN / JAN…DEC names.
 * When both day fields are restricted, a day matches if either does (as in classic cron).
 */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  any: boolean;
  values: Set<number>;
}

export interface CronSchedule {
  source: string;
  /** first fire time strictly after `afterMs` (epoch ms), or null if none within ~5 years */
  next(afterMs: number): number | null;
  matches(epochMs: number): boolean;
}

function parseField(text: string, min: number, max: number, names?: string[], nameBase = 0): Field {
  if (text === '*' || text === '?') return { any: true, values: new Set() };
  const values = new Set<number>();
  const toNum = (s: string): number => {
    const upper = s.toUpperCase();
    if (names) {
      const idx = names.indexOf(upper);
      if (idx >= 0) return idx + nameBase;
    }
    if (!/^\d+$/.test(s)) throw new Error(`cron 字段无法解析: ${text}`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [rangePart, stepPart] = part.split('/');
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron 步长无效: ${text}`);
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = min;
      hi = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      lo = toNum(a);
      hi = toNum(b);
    } else {
      lo = toNum(rangePart);
      hi = stepPart === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`cron 取值超出范围 [${min}, ${max}]: ${text}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { any: false, values };
}

const has = (f: Field, v: number) => f.any || f.values.has(v);

export function parseCron(source: string): CronSchedule {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 7 && parts.length !== 6) throw new Error(`定时触发器需要 7 个字段（秒 分 时 日 月 星期 年）: ${source}`);
  const [sec, min, hour, dom, mon, dowRaw, year = '*'] = parts;
  const fSec = parseField(sec, 0, 59);
  const fMin = parseField(min, 0, 59);
  const fHour = parseField(hour, 0, 23);
  const fDom = parseField(dom, 1, 31);
  const fMon = parseField(mon, 1, 12, MONTHS, 1);
  const fDowParsed = parseField(dowRaw, 0, 7, DAYS, 0);
  const fDow: Field = fDowParsed.any ? fDowParsed : { any: false, values: new Set([...fDowParsed.values].map((d) => d % 7)) };
  const fYear = parseField(year, 1970, 2199);

  const dayMatches = (d: Date) => {
    const domOk = has(fDom, d.getUTCDate());
    const dowOk = has(fDow, d.getUTCDay());
    if (!fDom.any && !fDow.any) return domOk || dowOk;
    return domOk && dowOk;
  };

  /** `local` is a Date whose UTC fields are Beijing wall time. */
  const matchesLocal = (d: Date) =>
    has(fYear, d.getUTCFullYear()) && has(fMon, d.getUTCMonth() + 1) && dayMatches(d) && has(fHour, d.getUTCHours()) &&
    has(fMin, d.getUTCMinutes()) && has(fSec, d.getUTCSeconds());

  return {
    source,
    matches: (epochMs) => matchesLocal(new Date(Math.floor(epochMs / 1000) * 1000 + BEIJING_OFFSET_MS)),
    next(afterMs) {
      const d = new Date(Math.floor(afterMs / 1000) * 1000 + 1000 + BEIJING_OFFSET_MS);
      const limit = d.getTime() + 5 * 366 * 86400_000;
      while (d.getTime() <= limit) {
        if (!has(fYear, d.getUTCFullYear())) {
          d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!has(fMon, d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!has(fHour, d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!has(fMin, d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        if (!has(fSec, d.getUTCSeconds())) {
          d.setUTCSeconds(d.getUTCSeconds() + 1, 0);
          continue;
        }
        return d.getTime() - BEIJING_OFFSET_MS;
      }
      return null;
    },
  };
}
