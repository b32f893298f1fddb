import type { Logger } from 'pino'
import type { ChangeBus, Database, EventBus } from '@corral/core'
import { AuditEvents } from './audit/audit-events.ts'
import { ApiKeysRepository } from './api-keys/api-keys-repository.ts'
import { ApiKeysService } from './api-keys/api-keys-service.ts'
import { AuditRepository } from './audit/audit-repository.ts'
import { AuditService } from './audit/audit-service.ts'
import { ConversationsRepository } from './conversations/conversations-repository.ts'
import { ConversationsService } from './conversations/conversations-service.ts'
import { GroupsRepository } from './groups/groups-repository.ts'
import { GroupsService } from './groups/groups-service.ts'
import { IdentityService } from './identity/identity-service.ts'
import { IpAllowlistRepository } from './ip-allowlist/ip-allowlist-repository.ts'
import { IpAllowlistService } from './ip-allowlist/ip-allowlist-service.ts'
import { OllamaKeysRepository } from './ollama-keys/ollama-keys-repository.ts'
import { OllamaKeysService } from './ollama-keys/ollama-keys-service.ts'
import { SettingsRepository } from './settings/settings-repository.ts'
import { SettingsService } from './settings/settings-service.ts'
import { UsageRepository } from './usage/usage-repository.ts'
import { UsageService } from './usage/usage-service.ts'
import { FairnessService } from './stats/fairness-service.ts'
import { StatsLabelsRepository } from './stats/stats-labels-repository.ts'
import { StatsRepository } from './stats/stats-repository.ts'
import { StatsService } from './stats/stats-service.ts'
import { RequestLogRepository } from './requests/request-log-repository.ts'
import { RequestLogService } from './requests/request-log-service.ts'
import { UsersRepository } from './users/users-repository.ts'
import { UsersService } from './users/users-service.ts'
import { UserOverviewService } from './users/user-overview-service.ts'

/** The users service's parts, wired once; routes and the client interface use them. */
export interface UsersServices {
  audit: AuditService
  settings: SettingsService
  groups: GroupsService
  users: UsersService
  apiKeys: ApiKeysService
  ollamaKeys: OllamaKeysService
  identity: IdentityService
  usage: UsageService
  stats: StatsService
  fairness: FairnessService
  requestLog: RequestLogService
  ipAllowlist: IpAllowlistService
  conversations: ConversationsService
  userOverview: UserOverviewService
}

/** `events` is the system event stream (docs/monitoring.md): settings, audit records. */
export function wireUsersServices(
  database: Database,
  changes: ChangeBus,
  logger: Logger,
  events: EventBus,
): UsersServices {
  const db = database.db
  const usersRepository = new UsersRepository(db)
  const groupsRepository = new GroupsRepository(db)
  const apiKeysRepository = new ApiKeysRepository(db)
  const ollamaKeysRepository = new OllamaKeysRepository(db)
  const auditEvents = new AuditEvents(events)
  const audit = new AuditService(new AuditRepository(db), logger, auditEvents)
  const settings = new SettingsService(new SettingsRepository(db), groupsRepository, changes, audit, events)
  const groups = new GroupsService(groupsRepository, settings, changes, audit)
  const users = new UsersService(usersRepository, groups, settings, changes, auditEvents)
  const apiKeys = new ApiKeysService(apiKeysRepository, users, changes, audit)
  const ollamaKeys = new OllamaKeysService(ollamaKeysRepository, changes, audit)
  const usage = new UsageService(new UsageRepository(db), usersRepository, apiKeysRepository, settings)
  const statsRepository = new StatsRepository(db)
  const statsLabels = new StatsLabelsRepository(db)
  const stats = new StatsService(statsRepository, statsLabels, usersRepository, apiKeysRepository, settings)
  return {
    audit,
    settings,
    groups,
    users,
    apiKeys,
    ollamaKeys,
    identity: new IdentityService(usersRepository, groupsRepository, apiKeysRepository, ollamaKeysRepository),
    usage,
    stats,
    fairness: new FairnessService(stats, statsRepository, statsLabels, settings),
    requestLog: new RequestLogService(new RequestLogRepository(db)),
    ipAllowlist: new IpAllowlistService(new IpAllowlistRepository(db), changes, audit),
    conversations: new ConversationsService(new ConversationsRepository(db)),
    userOverview: new UserOverviewService(users, apiKeys, ollamaKeys, usage, audit),
  }
}
