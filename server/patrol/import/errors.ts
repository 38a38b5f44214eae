/**
 * Every way an import can fail, with a message a villager can read. The line is 1-based; 0 means the
 * problem is not on a line (an option). Messages are built as 第 N 行：<what>（<detail>）.
 */
export type ImportErrorCode =
  /** the file has no text, or no message in it */
  | 'import_empty'
  /** over the byte limit (maxBytes) */
  | 'import_too_large'
  /** over the message limit (maxMessages) */
  | 'import_too_many_messages'
  /** none of the known layouts, or not the layout that was chosen */
  | 'import_format_unknown'
  /** a date or time that does not exist (2025-02-30, 25:10) or cannot be read, or no date line before a message */
  | 'import_bad_time'
  /** message text before the first sender line */
  | 'import_orphan_body'
  /** a sender line with nothing under it */
  | 'import_empty_body'
  /** a line of a known layout that is missing a part (e.g. a time without a name) */
  | 'import_bad_line'
  /** a CSV row with the wrong number of columns, an unclosed quote, or a bad Type */
  | 'import_bad_csv_row'
  /** the CSV header lacks a column the import needs */
  | 'import_csv_missing_column'
  /** the timezone option is not one we know */
  | 'import_bad_timezone';

export const IMPORT_ERROR_MESSAGES: Record<ImportErrorCode, string> = {
  import_empty: '文件里没有聊天记录',
  import_too_large: '文件太大，请分成几次导入',
  import_too_many_messages: '消息条数太多，请分成几次导入',
  import_format_unknown: '认不出这是哪种聊天记录格式',
  import_bad_time: '日期或时间不对',
  import_orphan_body: '这行内容前面没有发言人和时间',
  import_empty_body: '这条消息没有内容',
  import_bad_line: '这一行缺少发言人或时间',
  import_bad_csv_row: '表格这一行坏了',
  import_csv_missing_column: '表格缺少必需的列',
  import_bad_timezone: '不认识这个时区',
};

export interface ImportError {
  line: number;
  code: ImportErrorCode;
  message: string;
}

export function importError(code: ImportErrorCode, line: number, detail?: string): ImportError {
  const where = line > 0 ? `第 ${line} 行：` : '';
  const what = IMPORT_ERROR_MESSAGES[code];
  return { line, code, message: detail ? `${where}${what}（${detail}）` : `${where}${what}` };
}
