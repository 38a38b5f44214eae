/**
 * npm run patrol:scan -- FILE — scan a batch of messages with the patrol scanner and print one JSON
 * line per message: { "categories": [...], "urgency": n, "spans": [...], "scores": { fraud: 0–1, … } }.
 *
 * Same scanner and default lexicon as the patrol cloud function (server/patrol/scan), so what it
 * prints is what the triage queue would see. The edge only: arguments, files, output.
 */
import { readFileSync } from 'node:fs';
import { createScanner, defaultScanner, validateLexicon, type Scanner } from '../server/patrol/scan';
import { decodeText, readMessages, type MessagesFormat } from '../server/patrol/scan/read-messages';

const USAGE = `用法：npm run patrol:scan -- [选项] 文件
  文件           每行一条消息的文本文件；或 .csv 文件（表头含 text 列）；- 表示从标准输入读
  --csv          按 CSV 读取（不看扩展名）
  --lines        按每行一条读取（不看扩展名）
  --lexicon 文件  使用该 JSON 词库（[{ term, category, weight, action }]）代替默认词库
输出：每条消息一行 JSON {"categories":[…],"urgency":n,"spans":[…],"scores":{分类:0–1}}，顺序与输入相同。
  categories 是综合证据（词条、组合线索、退订等反证、统计模型）判定的分类；scores 是每个分类的得分。`;

export interface CliIo {
  readFile(path: string): Uint8Array;
  readStdin(): Uint8Array;
  write(chunk: string): void;
  error(line: string): void;
}

/** Exit codes: 0 done, 1 the input could not be read or parsed, 2 the command line is wrong. */
export function runScanCli(args: readonly string[], io: CliIo): number {
  let format: MessagesFormat | null = null;
  let lexiconPath: string | null = null;
  let file: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === '--help' || arg === '-h') {
      io.write(USAGE + '\n');
      return 0;
    } else if (arg === '--csv') format = 'csv';
    else if (arg === '--lines') format = 'lines';
    else if (arg === '--lexicon') {
      lexiconPath = args[++k] ?? null;
      if (lexiconPath === null) return usageError(io, '--lexicon 后面要跟词库文件');
    } else if (arg.startsWith('-') && arg !== '-') return usageError(io, `不认识的选项：${arg}`);
    else if (file !== null) return usageError(io, '一次只能扫描一个文件');
    else file = arg;
  }
  if (file === null) return usageError(io, '请给出要扫描的文件');

  let scanner: Scanner = defaultScanner();
  if (lexiconPath !== null) {
    const loaded = loadLexicon(lexiconPath, io);
    if (loaded === null) return 1;
    scanner = loaded;
  }

  const bytes = read(file, io);
  if (bytes === null) return 1;
  const input = readMessages(decodeText(bytes), format ?? (/\.csv$/i.test(file) ? 'csv' : 'lines'));
  if (!input.ok) {
    io.error(`${file}：${input.error.message}`);
    return 1;
  }

  // Written in batches: one write per message is slow, one string for a huge file is too big.
  let batch = '';
  for (let k = 0; k < input.messages.length; k++) {
    const { categories, urgency, spans, scores } = scanner.scan(input.messages[k]);
    batch += JSON.stringify({ categories, urgency, spans, scores }) + '\n';
    if ((k & 1023) === 1023) {
      io.write(batch);
      batch = '';
    }
  }
  if (batch) io.write(batch);
  return 0;
}

function usageError(io: CliIo, message: string): number {
  io.error(message);
  io.error(USAGE);
  return 2;
}

function read(path: string, io: CliIo): Uint8Array | null {
  try {
    return path === '-' ? io.readStdin() : io.readFile(path);
  } catch (error) {
    io.error(describeReadError(path, error));
    return null;
  }
}

function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return `找不到文件：${path}`;
  if (code === 'EISDIR') return `无法读取：${path} 是一个文件夹，不是文件`;
  if (code === 'EACCES' || code === 'EPERM') return `无法读取文件：${path}（没有读取权限）`;
  return `无法读取文件：${path}（${code ?? String(error)}）`;
}

function loadLexicon(path: string, io: CliIo): Scanner | null {
  const bytes = read(path, io);
  if (bytes === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(bytes));
  } catch {
    io.error(`词库文件不是有效的 JSON：${path}`);
    return null;
  }
  const checked = validateLexicon(parsed);
  if (!checked.ok) {
    io.error(`词库有 ${checked.errors.length} 处问题：${path}`);
    for (const error of checked.errors) io.error(`  ${error.message}（${error.code}）`);
    return null;
  }
  return createScanner(checked.lexicon);
}

if (require.main === module) {
  // Piped into head and the like: stop quietly when the reader goes away.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = runScanCli(process.argv.slice(2), {
    readFile: (path) => readFileSync(path),
    readStdin: () => readFileSync(0),
    write: (chunk) => process.stdout.write(chunk),
    error: (line) => process.stderr.write(line + '\n'),
  });
}
