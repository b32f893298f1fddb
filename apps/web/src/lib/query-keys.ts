/**
 * Query keys shared across features: the chat feature writes streaming events into the conversation
 * query and the conversations feature invalidates it after a rename, without importing each other.
 */
export const queryKeys = {
  models: ['models'] as const,
  readiness: ['readiness'] as const,
  conversations: {
    all: ['conversations'] as const,
    list: (search: string) => ['conversations', 'list', search] as const,
    lists: ['conversations', 'list'] as const,
    detail: (id: string) => ['conversations', 'detail', id] as const,
    details: ['conversations', 'detail'] as const,
  },
  apiKeys: ['api-keys'] as const,
  ollamaKeys: ['ollama-keys'] as const,
  usage: (from: string, bucket: string) => ['usage', from, bucket] as const,
}
