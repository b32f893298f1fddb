/**
 * Every query of the panel, by feature. A change invalidates only what it affects: the feature's own
 * lists, and the audit log, which every admin mutation writes to. Features use these keys without
 * importing each other.
 */
export const queryKeys = {
  users: {
    all: ['users'] as const,
    list: (query: object) => ['users', 'list', query] as const,
    overview: (id: string) => ['users', 'overview', id] as const,
    sessions: (id: string) => ['users', 'sessions', id] as const,
  },
  groups: ['groups'] as const,
  apiKeys: {
    all: ['api-keys'] as const,
    list: (query: object) => ['api-keys', 'list', query] as const,
  },
  invitations: {
    all: ['invitations'] as const,
    list: (query: object) => ['invitations', 'list', query] as const,
  },
  allowlist: ['ip-allowlist'] as const,
  settings: ['settings'] as const,
  backends: ['backends'] as const,
  models: ['models'] as const,
  pulls: ['model-pulls'] as const,
  alerts: {
    all: ['alerts'] as const,
    rules: ['alerts', 'rules'] as const,
    targets: ['alerts', 'targets'] as const,
    deliveries: ['alerts', 'deliveries'] as const,
  },
  stats: {
    all: ['stats'] as const,
    report: (query: object) => ['stats', 'report', query] as const,
    backends: (query: object) => ['stats', 'backends', query] as const,
    fairness: (query: object) => ['stats', 'fairness', query] as const,
  },
  /** The live queue board's snapshot (polled now; fed by the push channel once it exists). */
  queue: ['queue'] as const,
  audit: {
    all: ['audit'] as const,
    list: (query: object) => ['audit', 'list', query] as const,
  },
  requests: {
    list: (query: object) => ['requests', 'list', query] as const,
    one: (id: string) => ['requests', 'one', id] as const,
  },
}
