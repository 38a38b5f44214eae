/** What every layout parser writes into: the messages read so far, the errors, and the limits. */
import { importError, type ImportError, type ImportErrorCode } from './errors';
import type { TimeZone } from './time';
import type { ParsedMessage } from './types';

export interface ParseInput {
  /** the text without its BOM */
  text: string;
  /** text split into lines, without line ends or trailing spaces */
  lines: string[];
}

export class ParseContext {
  readonly messages: ParsedMessage[] = [];
  readonly errors: ImportError[] = [];
  /** set when a limit is reached: the parser stops reading */
  stopped = false;

  constructor(
    readonly zone: TimeZone,
    private readonly maxMessages: number,
    private readonly maxErrors: number,
    readonly progressEveryLines: number,
    readonly selfName?: string,
  ) {}

  fail(code: ImportErrorCode, line: number, detail?: string): void {
    if (this.errors.length >= this.maxErrors) {
      this.stopped = true;
      return;
    }
    this.errors.push(importError(code, line, detail));
    if (this.errors.length >= this.maxErrors) this.stopped = true;
  }

  add(message: ParsedMessage): void {
    if (this.messages.length >= this.maxMessages) {
      this.fail('import_too_many_messages', message.line, `最多 ${this.maxMessages} 条`);
      this.stopped = true;
      return;
    }
    this.messages.push(message);
  }

  /** Export tools write 我 / 你 for the exporter's own messages; the importer may give the real name. */
  selfOr(sender: string): string {
    return this.selfName && (sender === '我' || sender === '你') ? this.selfName : sender;
  }
}
