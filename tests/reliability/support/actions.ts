/**
 * Every action of every cloud function, read from the action tables (server/<job>/actions.ts) — never
 * listed by hand, so an action added to a table is picked up by the crash harness, the fuzzer and the
 * race census without editing them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ActionDef, Who } from '../../../server/kernel/action';
import { KERNEL_ERRORS } from '../../../server/kernel/errors';
import type { FunctionSpec } from '../../../server/kernel/router';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ActionInfo {
  fn: string;
  action: string;
  caller: 'user' | 'timer';
  input: z.ZodType;
  /** who may call it, as its definition says */
  who: Who;
  /** the job's codes the definition says it may answer (the kernel's are always allowed) */
  errors: readonly string[];
  /** the function's catalogue: every code it can answer with a message */
  catalogue: readonly string[];
  /** timer actions: the trigger names (config.json) that run it */
  triggers: string[];
}

function isSpec(value: unknown): value is FunctionSpec {
  return !!value && typeof value === 'object' && typeof (value as FunctionSpec).name === 'string' && !!(value as FunctionSpec).actions;
}

/** A factory like patrolFunction(deps): its ports are only called by commands, never while building the table. */
function specFrom(value: unknown): FunctionSpec | null {
  if (isSpec(value)) return value;
  if (typeof value !== 'function') return null;
  const ports = new Proxy({}, { get: () => ({ call: async () => ({ ok: false, error: { code: 'internal' } }) }) });
  try {
    const made = (value as (deps: unknown) => unknown)(ports);
    return isSpec(made) ? made : null;
  } catch {
    return null;
  }
}

function triggersOf(fn: string, spec: FunctionSpec, action: string): string[] {
  const configPath = join(REPO_ROOT, 'cloudfunctions', fn, 'config.json');
  const names: string[] = existsSync(configPath)
    ? ((JSON.parse(readFileSync(configPath, 'utf8')).triggers ?? []) as { name: string }[]).map((t) => t.name)
    : [];
  return names.filter((name) => (spec.timers?.[name] ?? name) === action);
}

/** Every function's spec, from server/<fn>/spec.ts (the function's name is its spec's name). */
export function functionSpecs(): FunctionSpec[] {
  const server = join(REPO_ROOT, 'server');
  const specs: FunctionSpec[] = [];
  for (const dir of readdirSync(server).sort()) {
    const file = join(server, dir, 'spec.ts');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(file) as Record<string, unknown>;
    const spec = Object.values(mod).map(specFrom).find((s): s is FunctionSpec => s !== null);
    if (!spec) throw new Error(`${file} 没有导出函数的 action 表（FunctionSpec）`);
    specs.push(spec);
  }
  return specs;
}

export function allActions(): ActionInfo[] {
  const out: ActionInfo[] = [];
  for (const spec of functionSpecs()) {
    for (const [action, def] of Object.entries(spec.actions) as [string, ActionDef][]) {
      const caller = def.who === 'timer' ? 'timer' : 'user';
      out.push({ fn: spec.name, action, caller, input: def.input, who: def.who, errors: def.errors, catalogue: Object.keys(spec.errors), triggers: caller === 'timer' ? triggersOf(spec.name, spec, action) : [] });
    }
  }
  return out;
}

/** Every code some function can answer: the kernel's and every job's catalogue. */
export function allErrorCodes(): Set<string> {
  return new Set([...Object.keys(KERNEL_ERRORS), ...functionSpecs().flatMap((s) => Object.keys(s.errors))]);
}

export const actionKey = (a: { fn: string; action: string }): string => `${a.fn}.${a.action}`;
