/** The deploy script cannot reach CloudBase here: its dry-run plan is what we can check. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { functionEntries } from '../../../scripts/build-functions';
import { planDeploy, printPlan } from '../../../scripts/deploy';
import { collections } from '../../../server/collections';

const root = join(__dirname, '..', '..', '..');

describe('deploy plan', () => {
  const plan = planDeploy({ envId: 'cunqun-test-env', workDir: '/tmp/cunqun-deploy' });
  const rc = plan.cloudbaserc as any;
  const database = rc.framework.plugins.database;

  it('creates every declared collection, with every index, as ADMINONLY', () => {
    expect(collections.length).toBeGreaterThanOrEqual(2);
    expect(database.use).toBe('@cloudbase/framework-plugin-database');
    const planned = new Map<string, any>(database.inputs.collections.map((c: any) => [c.collectionName, c]));
    for (const c of collections) {
      const p = planned.get(c.name);
      expect(p).toBeDefined();
      expect(p.aclTag).toBe('ADMINONLY');
      for (const index of c.indexes) {
        const pi = p.createIndexes.find((i: any) => i.name === index.name);
        expect(pi).toBeDefined();
        expect(pi.keys).toEqual(Object.entries(index.keys).map(([name, d]) => ({ name, direction: String(d) })));
      }
      expect(p.createIndexes).toHaveLength(c.indexes.length);
    }
    expect(planned.size).toBe(collections.length);
  });

  it('uploads every function folder that has an entry, with its config', () => {
    const fns = functionEntries().map((f) => f.name);
    expect(fns).toContain('account');
    for (const name of fns) {
      const step = plan.steps.find((s) => s.command.slice(0, 4).join(' ') === `tcb fn deploy ${name}`);
      expect(step?.command).toEqual(expect.arrayContaining(['-e', 'cunqun-test-env', '--force']));
      const fn = rc.functions.find((f: any) => f.name === name);
      expect(fn).toMatchObject({ runtime: 'Nodejs16.13', handler: 'index.main', installDependency: true });
      expect(fn.timeout).toBeLessThanOrEqual(20);
      expect(existsSync(join(root, 'cloudfunctions', name, 'package.json'))).toBe(true);
    }
    // the database goes first: functions must never run against missing collections
    expect(plan.steps.findIndex((s) => s.command[1] === 'framework')).toBeLessThan(plan.steps.findIndex((s) => s.command[1] === 'fn'));
  });

  it('prints every command in the dry run, and runs nothing', () => {
    const text = printPlan(plan);
    for (const s of plan.steps) expect(text).toContain(`npx ${s.command.join(' ')}`);
    const out = execFileSync('npx', ['tsx', 'scripts/deploy.ts', '--env', 'cunqun-dry-1', '--dry-run'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
    expect(out).toContain('tcb framework deploy -e cunqun-dry-1');
    expect(out).toContain('tcb fn deploy account -e cunqun-dry-1');
    for (const c of collections) expect(out).toContain(`"collectionName": "${c.name}"`);
  });

  it('refuses to run without an environment id', () => {
    expect(() => execFileSync('npx', ['tsx', 'scripts/deploy.ts', '--dry-run'], { cwd: root, stdio: 'pipe', env: { ...process.env, npm_config_loglevel: 'error' } })).toThrow();
  });
});
