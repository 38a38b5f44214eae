/**
 * Which documents of the joined collection a `$lookup` stage can possibly use, given the documents that
 * reach it — so the emulator reads those through the SQL pre-filter (indexes, or a SQL-side scan) instead
 * of decoding the whole collection for every join. The answer is always a SUPERSET of what the join can
 * take; mingo still runs the stage over it, so results are exactly those of a full scan. Anything not
 * recognised here answers `undefined`: read the whole collection, as before.
 *
 * Recognised (mingo 7's $lookup semantics, emulator/wire/database.ts runs the stage):
 * - `localField` + `foreignField` without a pipeline: foreignField ∈ every local value (an array local value
 *   contributes its elements). A null/missing local value matches foreign documents without the field, which
 *   no equality narrows: full scan.
 * - `pipeline` (with or without `let`) whose first stage is `$match`: its plain query part as it stands, and
 *   in its `$expr`, `$eq: ['$field', '$$var']` (either order) and `$in: ['$field', '$$var']`, with `$and` of
 *   those, as field ∈ the values `var` takes over the input documents.
 * Both forms at once run mingo's own combined semantics over the whole collection: not narrowed.
 */
import { Aggregator } from 'mingo';
import { resolve as resolvePath } from 'mingo/util';

type Doc = Record<string, any>;

/** criteria for store.candidates(from, …, { scan: true }); 'empty' = nothing can join; undefined = full scan */
export type LookupCandidates = Record<string, unknown> | 'empty' | undefined;

const MAX_VALUES = 500;

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
/** '$field.path' (a document field, not a '$$variable') */
const fieldRef = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 1 && v[0] === '$' && v[1] !== '$' ? v.slice(1) : null;
/** '$$name' → name */
const varRef = (v: unknown): string | null =>
  typeof v === 'string' && v.startsWith('$$') && v.length > 2 && !v.includes('.') ? v.slice(2) : null;

export function lookupCandidates(spec: unknown, inputs: Doc[]): LookupCandidates {
  if (!isPlainObject(spec) || typeof spec.from !== 'string') return undefined;
  const hasPipeline = Array.isArray(spec.pipeline) && spec.pipeline.length > 0;
  const hasFields = Boolean(spec.localField) && Boolean(spec.foreignField);
  if (hasFields && !hasPipeline) return byFields(String(spec.localField), String(spec.foreignField), inputs);
  if (hasPipeline && !hasFields) return byPipeline(spec.pipeline as unknown[], spec.let, inputs);
  return undefined;
}

function byFields(localField: string, foreignField: string, inputs: Doc[]): LookupCandidates {
  const values = new Set<string | number | boolean>();
  for (const doc of inputs) {
    const local = resolvePath(doc, localField) ?? null;
    for (const v of Array.isArray(local) ? local : [local]) {
      if (!isScalar(v)) return undefined;
      values.add(v);
      if (values.size > MAX_VALUES) return undefined;
    }
  }
  if (values.size === 0) return 'empty';
  return { [foreignField]: { $in: [...values] } };
}

function byPipeline(pipeline: unknown[], letSpec: unknown, inputs: Doc[]): LookupCandidates {
  const first = pipeline[0];
  if (!isPlainObject(first) || Object.keys(first).length !== 1 || !isPlainObject(first.$match)) return undefined;
  const { $expr, ...plain } = first.$match;
  const criteria: Record<string, unknown> = { ...plain };
  if ($expr !== undefined && isPlainObject(letSpec)) {
    const clauses: Record<string, unknown>[] = [];
    if (!exprClauses($expr, letSpec, inputs, clauses)) return 'empty';
    if (clauses.length) criteria.$and = [...(Array.isArray(criteria.$and) ? criteria.$and : []), ...clauses];
  }
  return Object.keys(criteria).length ? criteria : undefined;
}

/**
 * Adds { field: { $in: values } } for each recognised conjunct of `expr` to `out`. Returns false when a
 * recognised conjunct can never be true (its variable takes no value at all): nothing joins.
 */
function exprClauses(expr: unknown, letSpec: Record<string, unknown>, inputs: Doc[], out: Record<string, unknown>[]): boolean {
  if (!isPlainObject(expr) || Object.keys(expr).length !== 1) return true;
  const [op] = Object.keys(expr);
  const args = expr[op];
  if (op === '$and' && Array.isArray(args)) {
    for (const sub of args) if (!exprClauses(sub, letSpec, inputs, out)) return false;
    return true;
  }
  if (!Array.isArray(args) || args.length !== 2) return true;
  let field: string | null = null;
  let name: string | null = null;
  if (op === '$eq') {
    const [a, b] = fieldRef(args[0]) !== null ? [args[0], args[1]] : [args[1], args[0]];
    field = fieldRef(a);
    name = varRef(b);
  } else if (op === '$in') {
    field = fieldRef(args[0]);
    name = varRef(args[1]);
  } else {
    return true;
  }
  if (!field || !name || !(name in letSpec)) return true;
  const values = variableValues(letSpec[name], inputs, op === '$in');
  if (values === undefined) return true;
  // no input document gives the variable a value ($in over empty arrays only): this conjunct is never true
  if (values.length === 0) return false;
  out.push({ [field]: { $in: values } });
  return true;
}

/**
 * The values a `let` variable takes over the input documents, evaluated by mingo itself (the same
 * expression engine $lookup uses). `elements`: the variable is an array ($in) and its elements count.
 * undefined when any value is not a plain scalar (null, missing, a date, an object …): no narrowing.
 */
function variableValues(expression: unknown, inputs: Doc[], elements: boolean): (string | number | boolean)[] | undefined {
  // time- and randomness-dependent expressions would not repeat the same value inside the join
  if (JSON.stringify(expression ?? null).match(/\$\$NOW|\$\$CLUSTER_TIME|\$rand/)) return undefined;
  let evaluated: Doc[];
  try {
    evaluated = new Aggregator([{ $replaceRoot: { newRoot: { v: expression } } }]).run(inputs) as Doc[];
  } catch {
    return undefined;
  }
  const values = new Set<string | number | boolean>();
  for (const row of evaluated) {
    if (!('v' in row)) return undefined;
    const v = row.v;
    if (elements) {
      if (!Array.isArray(v)) return undefined;
      for (const x of v) {
        if (!isScalar(x)) return undefined;
        values.add(x);
      }
    } else {
      if (!isScalar(v)) return undefined;
      values.add(v);
    }
    if (values.size > MAX_VALUES) return undefined;
  }
  return [...values];
}
