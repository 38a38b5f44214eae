/** The demo village: `seedDemo(db, now)` (idempotent) and the dev login's `personas`. */
export { seedDemo, seedDemoStore, SEED_MARKER_ID, type SeedResult } from './seed';
export { personas, type Persona } from './personas';
export { DEMO_INVITE_CODE, DEMO_GROUP_OPENGID, DEMO_OPENIDS, DEMO_TOWNSHIP, DEMO_VILLAGE, OTHER_VILLAGE } from './village';
export { accountTour, type TourInvoke, type TourStep } from './account-tour';
export { seedGridDemo, gridSettingsDocs, GRID_SEED_MARKER_ID, DEMO_TICKET_TEMPLATE, QINGSHI_CENTRE } from './grid';
export { gridTour } from './grid-tour';
export { patrolTour } from './patrol-tour';
export { seedPatrolDemo, demoChatRecord, PATROL_SEED_MARKER_ID, DEMO_CHAT_GROUP } from './patrol';
export { deliberationTour } from './deliberation-tour';
export { seedDeliberationDemo, DELIBERATION_SEED_MARKER_ID, DEMO_POLL_TEMPLATE } from './deliberation';
export { seedLedgerDemo, LEDGER_SEED_MARKER_ID, DEMO_SHOPKEEPER_OPENID } from './ledger';
export { ledgerTour } from './ledger-tour';
export { noticesTour } from './notices-tour';
export { seedNoticesDemo, NOTICES_SEED_MARKER_ID } from './notices';
