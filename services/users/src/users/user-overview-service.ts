import type { UserOverview } from '@corral/contracts'
import type { ApiKeysService } from '../api-keys/api-keys-service.ts'
import type { AuditService } from '../audit/audit-service.ts'
import type { OllamaKeysService } from '../ollama-keys/ollama-keys-service.ts'
import { presentAdminUser, presentApiKey, presentAuditEntry, presentOllamaKey } from '../presenters.ts'
import type { UsageService } from '../usage/usage-service.ts'
import type { UsersService } from './users-service.ts'

const usageWindowMs = 30 * 24 * 3600_000
const recentCount = 20

/** A user's page in the admin panel, gathered in one answer (their sessions come from the auth service). */
export class UserOverviewService {
  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly ollamaKeys: OllamaKeysService,
    private readonly usage: UsageService,
    private readonly audit: AuditService,
  ) {}

  async overview(userId: string): Promise<UserOverview> {
    const user = await this.users.getListed(userId)
    const [keys, ollamaKeys, usage, audit] = await Promise.all([
      this.apiKeys.list(userId, true),
      this.ollamaKeys.list(userId),
      this.usage.recent(userId, new Date(Date.now() - usageWindowMs), recentCount),
      this.audit.list({ userId, limit: recentCount, offset: 0 }),
    ])
    return {
      user: presentAdminUser(user),
      api_keys: keys.map((key) => presentApiKey(key, user.groupPriority)),
      ollama_keys: ollamaKeys.map(presentOllamaKey),
      usage,
      audit: audit.entries.map(presentAuditEntry),
    }
  }
}
