/**
 * The shape of the house (issue 15): the kernel knows no job, a command never imports another command,
 * every action is defined once in its command file and listed once in its job's table, and what a
 * definition declares (callers, error codes) is real.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { KERNEL_ERRORS } from '../../../server/kernel/errors';
import { functionSpecs } from '../../reliability/support/actions';

const SERVER = join(__dirname, '..', '..', '..', 'server');
const JOBS = readdirSync(SERVER).filter((d) => existsSync(join(SERVER, d, 'actions.ts')));
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

/** command files: what a job's table re-exports (`export { acceptTicket } from './accept-ticket';`) */
function commandFiles(job: string): Map<string, string> {
  const table = readFileSync(join(SERVER, job, 'actions.ts'), 'utf8');
  return new Map([...table.matchAll(/^export \{ (\w+) \} from '\.\/([\w/-]+)';$/gm)].map((m) => [m[2], m[1]]));
}

test('the kernel imports no job', () => {
  const offenders = readdirSync(join(SERVER, 'kernel'))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => importsOf(join(SERVER, 'kernel', f)).filter((spec) => spec.startsWith('..')).map((spec) => `kernel/${f} → ${spec}`));
  expect(offenders).toEqual([]);
});

describe.each(JOBS)('%s', (job) => {
  const commands = commandFiles(job);

  it('the table lists each action once, one line each, from its own file', () => {
    const table = readFileSync(join(SERVER, job, 'actions.ts'), 'utf8');
    const statements = table.split('\n').filter((l) => /^(import|export)\s/.test(l));
    // besides the one line per action, at most the job's error-code type
    expect(statements.filter((l) => !/^export \{ \w+ \} from '\.\//.test(l) && !/^export type \{ \w+ \} from '\.\/errors';$/.test(l))).toEqual([]);
    expect(commands.size).toBeGreaterThan(0);
  });

  it('a command file does not import another command file', () => {
    const offenders: string[] = [];
    for (const file of commands.keys()) {
      for (const spec of importsOf(join(SERVER, job, `${file}.ts`))) {
        const target = spec.replace(/^\.\//, '');
        if (spec.startsWith('./') && commands.has(target) && target !== file) offenders.push(`${file} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

test('every error code in a catalogue is answered by something (unused codes go)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const sources = files(SERVER).map((f) => ({ f, text: readFileSync(f, 'utf8') }));
  const catalogues = sources.filter(({ f }) => /[/\\]errors\.ts$/.test(f));
  const unused = catalogues.flatMap(({ f, text }) =>
    [...text.matchAll(/^\s+([a-z_]+): '/gm)].map((m) => m[1]).filter((code) => !sources.some((s) => s.f !== f && s.text.includes(`'${code}'`))).map((code) => `${f.slice(SERVER.length + 1)}: ${code}`),
  );
  expect(unused).toEqual([]);
});

describe('what each definition declares', () => {
  const specs = functionSpecs();

  it.each(specs.map((s) => [s.name, s] as const))('%s: every declared error code has a message in the job’s catalogue', (_name, spec) => {
    const missing = Object.entries(spec.actions).flatMap(([action, def]) =>
      def.errors.filter((code: string) => !(code in spec.errors) && !(code in KERNEL_ERRORS)).map((code: string) => `${action}: ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(specs.map((s) => [s.name, s] as const))('%s: every action says who may call it', (_name, spec) => {
    const undeclared = Object.entries(spec.actions).filter(([, def]) => !(def.who === 'anyone' || def.who === 'timer' || (Array.isArray(def.who) && def.who.length > 0)));
    expect(undeclared.map(([a]) => a)).toEqual([]);
  });
});
