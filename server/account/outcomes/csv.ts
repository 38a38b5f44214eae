/**
 * CSV for Excel and WPS: UTF-8 with a BOM (without it Excel on Windows reads the Chinese as GBK and shows
 * mojibake), CRLF line ends, RFC 4180 quoting, and a leading ' before = + - @ so a cell is never run as a
 * formula (CSV injection). Pure.
 */
export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** 0.625 → 62.5% */
export const percent = (v: number | null): string => (v === null ? '' : `${Math.round(v * 1000) / 10}%`);
