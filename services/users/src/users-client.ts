import type { AuditEntry, ConversationsClient, RefusalCount, UsageRecord, UsersClient } from '@corral/core'
import type { UsersServices } from './users-services.ts'

/** The users service as other services see it in one process: plain function calls. */
export function createUsersClient(services: UsersServices): UsersClient & ConversationsClient {
  return {
    resolveApiKey: (secret) => services.identity.resolveApiKey(secret),
    resolveOllamaKey: (publicKey) => services.identity.resolveOllamaKey(publicKey),
    resolveUser: (userId) => services.identity.resolveUser(userId),
    findLoginSubject: (username) => services.users.findLoginSubject(username),
    createUser: async (input) =>
      services.users.create({ username: input.username, role: input.role, group: input.groupId }),
    deleteUser: (userId) => services.users.deleteUnused(userId),
    findUser: (userId) => services.users.findSubject(userId),
    removeUser: (actor, userId) => services.users.remove(actor, userId),
    countUsers: () => services.users.count(),
    getSettings: () => services.settings.get(),
    getIpAllowlist: () => services.ipAllowlist.get(),
    recordUsage: (records: readonly UsageRecord[]) => services.usage.record(records),
    recordRefusals: (counts: readonly RefusalCount[]) => services.usage.recordRefusals(counts),
    backendBusy: async (query) => {
      const range = await services.stats.range(query)
      return { range, backends: await services.stats.backendBusy(range) }
    },
    usageTotalsSince: (since) => services.usage.totalsSince(since),
    touchKeys: async (lastUsed) => {
      await Promise.all([
        services.apiKeys.touch(lastUsed),
        services.ollamaKeys.touch(lastUsed),
        services.users.touchActivityFromKeys(lastUsed),
      ])
    },
    audit: (entry: AuditEntry) => services.audit.record(entry),
    resolveGroupId: async (reference) => (await services.groups.find(reference))?.id ?? null,
    getConversation: (userId, id) => services.conversations.getConversation(userId, id),
    appendMessage: (userId, conversationId, message) =>
      services.conversations.appendMessage(userId, conversationId, message),
    deleteMessage: (userId, conversationId, messageId) =>
      services.conversations.deleteMessage(userId, conversationId, messageId),
    dropLastAnswer: (userId, conversationId) => services.conversations.dropLastAnswer(userId, conversationId),
    editMessage: (userId, conversationId, messageId, content) =>
      services.conversations.editMessage(userId, conversationId, messageId, content),
  }
}
