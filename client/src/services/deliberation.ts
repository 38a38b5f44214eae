import type { DeliberationAction, DeliberationInput, DeliberationOutput } from '../../../server/deliberation/contract';
import { callFunction, type CallOptions } from './transport';

/**
 * The `deliberation` cloud function (协商议事), typed from its contract (types only). One method per
 * action; every write takes CallOptions so a retry reuses its requestId.
 */
function call<A extends DeliberationAction>(action: A, payload: DeliberationInput<A>, opts?: CallOptions): Promise<DeliberationOutput<A>> {
  return callFunction<DeliberationOutput<A>>('deliberation', action, payload as object, opts);
}

export const deliberation = {
  getSettings: (villageId: string) => call('getSettings', { villageId }),
  updateSettings: (p: DeliberationInput<'updateSettings'>, o?: CallOptions) => call('updateSettings', p, o),
  listTopics: (p: DeliberationInput<'listTopics'>) => call('listTopics', p),
  getTopic: (villageId: string, topicId: string) => call('getTopic', { villageId, topicId }),
  proposeTopic: (p: DeliberationInput<'proposeTopic'>, o?: CallOptions) => call('proposeTopic', p, o),
  secondTopic: (p: DeliberationInput<'secondTopic'>, o?: CallOptions) => call('secondTopic', p, o),
  postReply: (p: DeliberationInput<'postReply'>, o?: CallOptions) => call('postReply', p, o),
  putOnAgenda: (p: DeliberationInput<'putOnAgenda'>, o?: CallOptions) => call('putOnAgenda', p, o),
  declineTopic: (p: DeliberationInput<'declineTopic'>, o?: CallOptions) => call('declineTopic', p, o),
  schedulePoll: (p: DeliberationInput<'schedulePoll'>, o?: CallOptions) => call('schedulePoll', p, o),
  castVote: (p: DeliberationInput<'castVote'>, o?: CallOptions) => call('castVote', p, o),
  subscribeReminder: (p: DeliberationInput<'subscribeReminder'>, o?: CallOptions) => call('subscribeReminder', p, o),
  listRoll: (p: DeliberationInput<'listRoll'>) => call('listRoll', p),
  closePoll: (p: DeliberationInput<'closePoll'>, o?: CallOptions) => call('closePoll', p, o),
  listReceipts: (p: DeliberationInput<'listReceipts'>) => call('listReceipts', p),
  recordOutcome: (p: DeliberationInput<'recordOutcome'>, o?: CallOptions) => call('recordOutcome', p, o),
  updateFollowUp: (p: DeliberationInput<'updateFollowUp'>, o?: CallOptions) => call('updateFollowUp', p, o),
};

export type {
  MyUnitView,
  OutcomeView,
  PollInput,
  PollView,
  ReceiptRow,
  ReceiptsPage,
  ReplyView,
  RollUnitView,
  SettingsView,
  TopicSummary,
  TopicView,
  VoteOutput,
} from '../../../server/deliberation/contract';
