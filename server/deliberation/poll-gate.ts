/** Whether a poll takes votes now (castVote, subscribeReminder). */
import { AppError } from '../kernel/errors';
import type { PollDoc } from './model';

export function refuseUnlessOpen(poll: PollDoc | null, now: number): asserts poll is PollDoc {
  if (!poll || poll.state === 'scheduled' || now < poll.opensAt) throw new AppError('poll_not_open');
  if (poll.state !== 'open' || now >= poll.closesAt) throw new AppError('poll_closed');
}
