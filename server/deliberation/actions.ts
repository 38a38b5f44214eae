/**
 * The deliberation function's actions (协商议事): one line each. Every definition — input, output, errors,
 * who may call it, what it runs — is in its command file (kernel/action.ts); the router, the client's typed
 * calls and the tests are derived from this table. Topic states are in states.ts, tally rules in rules.ts.
 */
// the job's codes, so whoever reads this table's types (the client) knows them as error codes
export type { DeliberationErrorCode } from './errors';

export { getSettings } from './get-settings';
export { updateSettings } from './update-settings';
export { listTopics } from './list-topics';
export { getTopic } from './get-topic';
export { proposeTopic } from './propose-topic';
export { secondTopic } from './second-topic';
export { postReply } from './post-reply';
export { listReplies } from './list-replies';
export { putOnAgenda } from './put-on-agenda';
export { declineTopic } from './decline-topic';
export { schedulePoll } from './schedule-poll';
export { castVote } from './cast-vote';
export { subscribeReminder } from './subscribe-reminder';
export { listRoll } from './list-roll';
export { closePoll } from './close-poll';
export { listReceipts } from './list-receipts';
export { recordOutcome } from './record-outcome';
export { updateFollowUp } from './update-follow-up';
export { pollClock } from './poll-clock';
