/** npm run patrol:scan -- FILE: reading lines and CSV, one JSON line per message, Chinese errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScanCli, type CliIo } from '../../../scripts/patrol-scan';
import { decodeText, parseCsv, readMessages } from '../../../server/patrol/scan/read-messages';

const root = join(__dirname, '..', '..', '..');
const fixture = (name: string): string => join(__dirname, 'fixtures', name);

function run(args: string[], stdin = ''): { code: number; lines: Array<Record<string, unknown>>; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => readFileSync(path),
    readStdin: () => Buffer.from(stdin),
    write: (chunk) => (stdout += chunk),
    error: (line) => (stderr += line + '\n'),
  };
  const code = runScanCli(args, io);
  const lines = code === 0 && !args.includes('--help') ? stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  return { code, lines, stdout, stderr };
}

describe('patrol:scan CLI', () => {
  it('scans a file of one message per line: one JSON line each, blank lines included, in order', () => {
    const { code, lines, stdout } = run([fixture('scan-messages.txt')]);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => Object.keys(l))).toEqual(Array(5).fill(['categories', 'urgency', 'spans', 'scores']));
    for (const line of lines) for (const score of Object.values(line.scores as Record<string, number>)) expect(score).toBeGreaterThanOrEqual(0);
    expect(lines[0]).toMatchObject({ categories: [], urgency: 0, spans: [] });
    expect(lines[1].categories).toEqual(['fraud']);
    expect(lines[1].spans).toContainEqual({ start: 4, end: 11, term: '刷单返利', category: 'fraud', weight: 10, action: 'hold' });
    expect(lines[2]).toMatchObject({ categories: [], urgency: 0, spans: [] });
    expect(lines[3].categories).toEqual(['hazard']); // the CRLF line: \r is not part of the message
    expect(lines[4].spans).toContainEqual(expect.objectContaining({ term: '加vx', start: 0, end: 3 }));
  });

  it('scans the text column of a CSV: BOM, CRLF, quoted commas, quotes and line breaks', () => {
    const { code, lines } = run([fixture('scan-messages.csv')]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[0].spans).toContainEqual(expect.objectContaining({ term: '路灯坏了', start: 0, end: 4 }));
    // a resident quoting the scam to warn (别信): the word is highlighted, the message is not called fraud
    expect(lines[1].categories).not.toContain('fraud');
    expect(lines[1].spans).toContainEqual(expect.objectContaining({ term: '安全账户', start: 3, end: 7 }));
    expect(lines[2]).toMatchObject({ categories: [], urgency: 0, spans: [] });
  });

  it('reads stdin for -, and --csv / --lines override the extension', () => {
    expect(run(['-'], '停水三天了，谁来管管\n').lines[0].categories).toEqual(['demand']);
    expect(run(['--csv', '-'], 'id,TEXT\n1,停水了\n').lines).toHaveLength(1);
    expect(run(['--lines', fixture('scan-messages.csv')]).lines).toHaveLength(6); // header, 4 physical lines, blank
  });

  it('uses a lexicon file when given one, and refuses an invalid one with the reasons', () => {
    const custom = run(['--lexicon', fixture('scan-lexicon.json'), fixture('scan-messages.txt')]);
    expect(custom.code).toBe(0);
    expect(custom.lines[0].categories).toEqual(['demand']);
    // not the default lexicon: none of its words are highlighted (the built-in cues still weigh in)
    expect(custom.lines[1]).toMatchObject({ spans: [] });
    const bad = run(['--lexicon', fixture('scan-lexicon-bad.json'), fixture('scan-messages.txt')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('lexicon_term_duplicate');
    expect(bad.stderr).toContain('lexicon_weight_invalid');
  });

  it.each([
    ['a missing file', ['/no/such/file.txt'], 1, '找不到文件：/no/such/file.txt'],
    ['a folder', [__dirname], 1, '是一个文件夹'],
    ['no file at all', [], 2, '请给出要扫描的文件'],
    ['an unknown option', ['--fast', 'x.txt'], 2, '不认识的选项：--fast'],
    ['a missing lexicon file', ['--lexicon', '/no/such.json', 'x.txt'], 1, '找不到文件：/no/such.json'],
  ])('fails clearly in Chinese for %s', (_, args, code, message) => {
    const result = run(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('fails clearly for a CSV without a text column or with an unclosed quote', () => {
    expect(run(['--csv', '-'], 'sender,content\n张三,停水\n')).toMatchObject({ code: 1, stderr: expect.stringContaining('没有 text 列') });
    expect(run(['--csv', '-'], 'text\n"停水\n')).toMatchObject({ code: 1, stderr: expect.stringContaining('第 2 行：引号没有闭合') });
  });

  it('runs as npm run patrol:scan does, with the exit code and output on the right streams', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['scripts/patrol-scan.ts', fixture('scan-messages.txt')], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n').map((l) => JSON.parse(l).categories)).toEqual([[], ['fraud'], [], ['hazard'], ['fraud']]);
    const missing = spawnSync(tsx, ['scripts/patrol-scan.ts', 'no-such-file.txt'], { cwd: root, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('找不到文件：no-such-file.txt');
  }, 60000);
});

describe('patrol:scan input reading', () => {
  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",\n')).toEqual({
      ok: true,
      records: [
        ['a', 'b'],
        ['x, y', 'say "hi"'],
        ['multi\nline', ''],
      ],
    });
  });

  it('keeps blank lines as messages but does not invent one after the final newline', () => {
    expect(readMessages('a\n\nb\n', 'lines')).toEqual({ ok: true, messages: ['a', '', 'b'] });
    expect(readMessages('a\r\nb', 'lines')).toEqual({ ok: true, messages: ['a', 'b'] });
    expect(readMessages('', 'lines')).toEqual({ ok: true, messages: [] });
  });

  it('decodes UTF-8 with or without BOM, and falls back to GB18030 (Excel on Chinese Windows)', () => {
    expect(decodeText(Buffer.from('\ufefftext\n停水', 'utf8'))).toBe('text\n停水');
    // 村民停水 in GB18030/GBK (not valid UTF-8: B4 cannot start a UTF-8 character)
    const gbk = [0x74, 0x65, 0x78, 0x74, 0x0a, 0xb4, 0xe5, 0xc3, 0xf1, 0xcd, 0xa3, 0xcb, 0xae];
    expect(decodeText(Uint8Array.from(gbk))).toBe('text\n村民停水');
  });
});
