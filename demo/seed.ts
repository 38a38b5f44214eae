/**
 * seedDemo(db, now) — writes the demo township through a wx-server-sdk database handle (the emulator's
 * or, deliberately, a real test environment's). Idempotent: every document has a fixed id and a marker
 * document written LAST says the seed is complete; a second run finds the marker and adds nothing, and
 * a run interrupted halfway simply writes the same documents again.
 */
import { AUDIT } from '../server/kernel/audit';
import { REGISTER } from '../server/kernel/auth';
import { createSdkStore, type SdkDb } from '../server/kernel/sdk-store';
import type { Store } from '../server/kernel/store';
import { seedDeliberationDemo } from './deliberation';
import { seedGridDemo } from './grid';
import { seedPatrolDemo } from './patrol';
import { DEMO_INVITE_CODE, DEMO_VILLAGE, demoAudit, demoRegister } from './village';
import { seedLedgerDemo } from './ledger';
import { seedNoticesDemo } from './notices';

export const SEED_MARKER_ID = 'seed:demo:v1';

export interface SeedResult {
  seeded: boolean;
  documents: number;
  inviteCode: string;
  villageId: string;
}

export async function seedDemo(db: SdkDb, now: number): Promise<SeedResult> {
  return seedDemoStore(createSdkStore(db), now);
}

/** The same over any Store (unit tests use the memory store). */
export async function seedDemoStore(store: Store, now: number): Promise<SeedResult> {
  const result = { inviteCode: DEMO_INVITE_CODE, villageId: DEMO_VILLAGE.villageId };
  if (await store.get(REGISTER, SEED_MARKER_ID)) {
    // each job's demo data has its own marker: a store seeded before a job existed still gets it
    await seedGridDemo(store, now);
    await seedPatrolDemo(store, now);
    await seedDeliberationDemo(store, now);
    await seedLedgerDemo(store, now);
    await seedNoticesDemo(store, now);
    return { seeded: false, documents: 0, ...result };
  }
  const register = demoRegister(now);
  const audit = demoAudit(now);
  // a few at a time: fast, and gentle with a real environment's rate limits
  for (let i = 0; i < register.length; i += 20) await Promise.all(register.slice(i, i + 20).map((d) => store.put(REGISTER, d)));
  for (const d of audit) await store.put(AUDIT, d);
  await seedGridDemo(store, now);
  await seedPatrolDemo(store, now);
  await seedDeliberationDemo(store, now);
  await seedLedgerDemo(store, now);
  await seedNoticesDemo(store, now);
  await store.put(REGISTER, { _id: SEED_MARKER_ID, kind: 'meta', villageId: DEMO_VILLAGE.villageId, seededAt: now, documents: register.length + audit.length });
  return { seeded: true, documents: register.length + audit.length, ...result };
}
