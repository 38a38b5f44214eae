/** The patrol subpackage's pages (the tab page is pages/patrol/index). */
export const patrolRoutes = {
  post: '/patrol/post/index',
  thread: '/patrol/thread/index',
  paste: '/patrol/paste/index',
  import: '/patrol/import/index',
  queue: '/patrol/queue/index',
  lead: '/patrol/lead/index',
  lexicon: '/patrol/lexicon/index',
  coverage: '/patrol/coverage/index',
  accuracy: '/patrol/accuracy/index',
  notices: '/patrol/notices/index',
} as const;
