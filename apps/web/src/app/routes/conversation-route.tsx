import { useParams } from 'react-router'
import { ConversationPage } from '../pages/conversation-page.tsx'
import { NotFoundRoute } from './not-found-route.tsx'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function ConversationRoute() {
  const { conversationId } = useParams()
  if (!conversationId || !uuid.test(conversationId)) return <NotFoundRoute />
  return <ConversationPage key={conversationId} conversationId={conversationId} />
}
