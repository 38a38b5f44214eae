/**
 * Issue 16, finding 9: control characters were stored as sent in ten actions' free text. Every string
 * field of every action is either a kernel `text()` field (cleaned once, at the schema) or held to a
 * pattern that refuses such characters. This walks every action's schema and proves it, field by field:
 * a new string field that is neither fails here.
 */
import type { z } from 'zod';
import { accountFunction } from '../../../server/account/spec';
import { deliberationFunction } from '../../../server/deliberation/spec';
import { gridFunction } from '../../../server/grid/spec';
import { ledgerFunction } from '../../../server/ledger/spec';
import { patrolFunction } from '../../../server/patrol/spec';
import { cleanText, isCleanText, text, TEXT_SCHEMAS } from '../../../server/kernel/text';
import type { FunctionSpec } from '../../../server/kernel/router';

const functions: FunctionSpec[] = [
  accountFunction,
  deliberationFunction,
  gridFunction,
  ledgerFunction,
  patrolFunction({ grid: { call: async () => ({ ok: false }) } } as never),
];

/** Text no one means to type: each must be refused or come out clean. */
const PROBES = ['a\u0000b', 'a\u0007b', 'a\u001b[31mb', 'a\u007fb', 'a\u0085b', 'ab\u202ecod.exe', 'a\u2066b\u2069', 'a\u200fb', 'a\ufeffb', 'a\ud800b', 'a\udc00b', 'e\u0301'];

interface Leaf {
  path: string;
  schema: z.ZodType;
}

type Def = { type: string; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The string-like leaves of a schema: text() fields, plain strings and pipes ending in a string. */
function leaves(schema: z.ZodType, path: string, out: Leaf[], seen = new Set<unknown>()): Leaf[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  if (TEXT_SCHEMAS.has(schema)) {
    out.push({ path, schema });
    return out;
  }
  switch (def.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'pipe': {
      const outType = defOf(def.out).type;
      if (outType === 'string' || outType === 'pipe') out.push({ path, schema });
      else {
        leaves(def.in, path, out, seen);
        leaves(def.out, path, out, seen);
      }
      break;
    }
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) leaves(v, `${path}.${k}`, out, seen);
      if (def.catchall) leaves(def.catchall, `${path}.*`, out, seen);
      break;
    case 'array':
      leaves(def.element, `${path}[]`, out, seen);
      break;
    case 'tuple':
      (def.items as z.ZodType[]).forEach((s, i) => leaves(s, `${path}[${i}]`, out, seen));
      if (def.rest) leaves(def.rest, `${path}[…]`, out, seen);
      break;
    case 'record':
    case 'map':
      leaves(def.keyType, `${path}{key}`, out, seen);
      leaves(def.valueType, `${path}{}`, out, seen);
      break;
    case 'union':
      (def.options as z.ZodType[]).forEach((s) => leaves(s, path, out, seen));
      break;
    case 'intersection':
      leaves(def.left, path, out, seen);
      leaves(def.right, path, out, seen);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      leaves(def.innerType, path, out, seen);
      break;
    case 'lazy':
      leaves(def.getter(), path, out, seen);
      break;
    case 'number':
    case 'boolean':
    case 'literal':
    case 'enum':
    case 'null':
    case 'undefined':
    case 'transform':
      break;
    default:
      // unknown / any / custom and anything new: say so, so that someone decides how it is checked
      out.push({ path: `${path} (${def.type})`, schema });
  }
  return out;
}

const actions = functions.flatMap((f) => Object.entries(f.actions).map(([name, spec]) => ({ name: `${f.name}.${name}`, input: spec.input as z.ZodType })));

describe('9: every text field of every action is cleaned or held to a pattern', () => {
  it('finds the fields (the walk reaches into objects, arrays, unions and wrappers)', () => {
    const all = actions.flatMap((a) => leaves(a.input, a.name, []));
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((l) => TEXT_SCHEMAS.has(l.schema)).length).toBeGreaterThan(40);
    expect(all.map((l) => l.path)).toEqual(expect.arrayContaining(['patrol.createPost.text', 'account.joinByInvite.name', 'grid.submitReport.place.text', 'deliberation.schedulePoll.poll.options[]']));
  });

  it.each(actions)('$name: no string field stores an invisible control character', ({ name, input }) => {
    const bad: string[] = [];
    for (const leaf of leaves(input, name, [])) {
      if (/\((unknown|any|custom)\)$/.test(leaf.path)) {
        bad.push(leaf.path);
        continue;
      }
      for (const probe of PROBES) {
        const parsed = leaf.schema.safeParse(probe);
        if (parsed.success && !(typeof parsed.data === 'string' && isCleanText(parsed.data))) bad.push(`${leaf.path} ← ${JSON.stringify(probe)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('the text helper', () => {
  it('removes controls, bidi overrides, lone surrogates; keeps line breaks only where asked; NFC', () => {
    expect(cleanText('张\u0000三\u0007\u001b', false)).toBe('张三');
    expect(cleanText('报告\u202egpj.exe', false)).toBe('报告gpj.exe');
    expect(cleanText('半个\ud83d表情', false)).toBe('半个表情');
    expect(cleanText('👨\u200d👩\u200d👧 一家', false)).toBe('👨\u200d👩\u200d👧 一家');
    expect(cleanText('Cafe\u0301', false)).toBe('Café');
    expect(cleanText('第一行\r\n第二行\t完', true)).toBe('第一行\n第二行\t完');
    expect(cleanText('第一行\r\n第二行\t完', false)).toBe('第一行 第二行 完');
  });

  it('counts the limit after cleaning, trims by default, and refuses what is too short once cleaned', () => {
    const name = text(4, { min: 1 });
    expect(name.parse('  王\u0000五  ')).toBe('王五');
    expect(name.safeParse('\u0000\u202e').success).toBe(false);
    expect(name.safeParse('王'.repeat(5)).success).toBe(false);
    expect(text(10, { multiline: true, trim: false }).parse(' a\nb ')).toBe(' a\nb ');
  });
});
