import { Router } from '../http/router.ts'
import { anthropicMessagesRoute } from './anthropic-messages-route.ts'
import { blobRoutes } from './blob-routes.ts'
import { chatRoute } from './chat-route.ts'
import { copyDeleteRoutes } from './copy-delete-routes.ts'
import { embedRoutes } from './embed-routes.ts'
import { generateRoute } from './generate-route.ts'
import { modelListRoutes } from './model-list-routes.ts'
import { openAiChatRoute } from './openai-chat-route.ts'
import { openAiCompletionsRoute } from './openai-completions-route.ts'
import { openAiEmbeddingsRoute } from './openai-embeddings-route.ts'
import { openAiModelsRoutes } from './openai-models-routes.ts'
import { openAiResponsesRoute } from './openai-responses-route.ts'
import { pullRoute } from './pull-route.ts'
import { pushCreateRoutes } from './push-create-routes.ts'
import { serverRoutes } from './server-routes.ts'

/**
 * Ollama's route table (`GenerateRoutes` in `server/routes.go`), minus the cloud, account and
 * experimental routes and `/v1/audio/transcriptions`.
 */
export function ollamaRouter(): Router {
  const router = new Router()
  const routes = [
    ...serverRoutes,
    ...modelListRoutes,
    generateRoute,
    chatRoute,
    ...embedRoutes,
    pullRoute,
    ...pushCreateRoutes,
    ...copyDeleteRoutes,
    ...blobRoutes,
    openAiChatRoute,
    openAiCompletionsRoute,
    openAiEmbeddingsRoute,
    ...openAiModelsRoutes,
    openAiResponsesRoute,
    anthropicMessagesRoute,
  ]
  for (const route of routes) router.add(route)
  return router
}
