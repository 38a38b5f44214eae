/**
 * The deliberation function's action table: name → (schema, command). No cloud code here, so unit tests
 * route through it with a memory store.
 */
import { DELIBERATION_ERRORS } from './errors';
import { action, type FunctionSpec } from '../kernel/router';
import { pollClock } from './clock';
import { inputs } from './contract';
import { recordOutcome, updateFollowUp } from './outcome';
import { castVote, listReceipts, listRoll, schedulePoll, subscribeReminder } from './poll';
import { getSettings, updateSettings } from './settings';
import { closePoll } from './tally';
import { declineTopic, getTopic, listTopics, postReply, proposeTopic, putOnAgenda, secondTopic } from './topics';

export const deliberationActions = {
  getSettings: action(inputs.getSettings, getSettings),
  updateSettings: action(inputs.updateSettings, updateSettings),
  listTopics: action(inputs.listTopics, listTopics),
  getTopic: action(inputs.getTopic, getTopic),
  proposeTopic: action(inputs.proposeTopic, proposeTopic),
  secondTopic: action(inputs.secondTopic, secondTopic),
  postReply: action(inputs.postReply, postReply),
  putOnAgenda: action(inputs.putOnAgenda, putOnAgenda),
  declineTopic: action(inputs.declineTopic, declineTopic),
  schedulePoll: action(inputs.schedulePoll, schedulePoll),
  castVote: action(inputs.castVote, castVote),
  subscribeReminder: action(inputs.subscribeReminder, subscribeReminder),
  listRoll: action(inputs.listRoll, listRoll),
  closePoll: action(inputs.closePoll, closePoll),
  listReceipts: action(inputs.listReceipts, listReceipts),
  recordOutcome: action(inputs.recordOutcome, recordOutcome),
  updateFollowUp: action(inputs.updateFollowUp, updateFollowUp),
  pollClock: action(inputs.pollClock, (ctx) => pollClock(ctx), 'timer'),
} satisfies Record<keyof typeof inputs, unknown>;

export const deliberationFunction: FunctionSpec = { name: 'deliberation', actions: deliberationActions, errors: DELIBERATION_ERRORS };
