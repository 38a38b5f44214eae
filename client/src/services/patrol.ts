import type { PatrolAction, PatrolInput, PatrolOutput } from '../../../server/patrol/contract';
import { callFunction, type CallOptions } from './transport';

/**
 * The `patrol` cloud function (巡群), typed from its contract (types only: nothing of the server is
 * bundled). One method per action; every write takes CallOptions so a retry can reuse its requestId.
 */
function call<A extends PatrolAction>(action: A, payload: PatrolInput<A>, opts?: CallOptions): Promise<PatrolOutput<A>> {
  return callFunction<PatrolOutput<A>>('patrol', action, payload as object, opts);
}

export const patrol = {
  listBoard: (p: PatrolInput<'listBoard'>) => call('listBoard', p),
  getThread: (villageId: string, postId: string) => call('getThread', { villageId, postId }),
  createPost: (p: PatrolInput<'createPost'>, o?: CallOptions) => call('createPost', p, o),
  flagPost: (p: PatrolInput<'flagPost'>, o?: CallOptions) => call('flagPost', p, o),
  reviewPost: (p: PatrolInput<'reviewPost'>, o?: CallOptions) => call('reviewPost', p, o),
  /** `groupCloudId`: the share card's CloudID when the page was opened from a group (open data travels beside the envelope) */
  submitLead: (p: Omit<PatrolInput<'submitLead'>, 'group'> & { groupCloudId?: string }, o?: CallOptions) => {
    const { groupCloudId, ...rest } = p;
    return callFunction<PatrolOutput<'submitLead'>>('patrol', 'submitLead', rest, { ...o, ...(groupCloudId ? { openData: { group: groupCloudId } } : {}) });
  },
  importMessages: (p: PatrolInput<'importMessages'>, o?: CallOptions) => call('importMessages', p, o),
  listQueue: (p: PatrolInput<'listQueue'>) => call('listQueue', p),
  getLead: (villageId: string, leadId: string) => call('getLead', { villageId, leadId }),
  dismissLead: (p: PatrolInput<'dismissLead'>, o?: CallOptions) => call('dismissLead', p, o),
  replyLead: (p: PatrolInput<'replyLead'>, o?: CallOptions) => call('replyLead', p, o),
  convertLead: (p: PatrolInput<'convertLead'>, o?: CallOptions) => call('convertLead', p, o),
  escalateLead: (p: PatrolInput<'escalateLead'>, o?: CallOptions) => call('escalateLead', p, o),
  warnLead: (p: PatrolInput<'warnLead'>, o?: CallOptions) => call('warnLead', p, o),
  getLexicon: (villageId: string) => call('getLexicon', { villageId }),
  editLexicon: (p: PatrolInput<'editLexicon'>, o?: CallOptions) => call('editLexicon', p, o),
  coverage: (villageId: string, days = 30) => call('coverage', { villageId, days }),
  scannerPrecision: (villageId: string, days = 30) => call('scannerPrecision', { villageId, days }),
  setThresholds: (p: PatrolInput<'setThresholds'>, o?: CallOptions) => call('setThresholds', p, o),
};

export type {
  BoardOutput,
  CoverageRow,
  LeadCard,
  LeadDetailOutput,
  LexiconOutput,
  PostView,
  ScanView,
  ScanSpan,
  TriageAction,
  LeadStatus,
  Visibility,
  Category,
  LexiconTerm,
  PrecisionRow,
  ScanEvidence,
  ScannerPrecisionOutput,
} from '../../../server/patrol/contract';
